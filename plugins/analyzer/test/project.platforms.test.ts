import { describe, expect, it } from 'vitest'
import { analyze, commands, framework, names } from './project.helpers.ts'

describe('Java Maven (Spring Boot + JUnit)', () => {
  const info = analyze({
    'pom.xml': `<project>
  <!-- <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-core</artifactId></dependency> -->
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.2</version></parent>
  <properties><junit.version>5.10.1</junit.version></properties>
  <modules><module>api</module></modules>
  <dependencies>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>\${junit.version}</version><scope>test</scope></dependency>
  </dependencies>
  <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-checkstyle-plugin</artifactId></plugin></plugins></build>
</project>`,
    'mvnw': '',
    'api/pom.xml': '<project><dependencies><dependency><groupId>io.micronaut</groupId><artifactId>micronaut-core</artifactId><version>4.0.0</version></dependency></dependencies></project>',
    'src/main/java/com/example/DemoApplication.java': '',
    'src/test/java/com/example/DemoApplicationTests.java': '',
    'azure-pipelines.yml': '',
  })

  it('frameworks, modules, wrapper commands', () => {
    expect(framework(info, 'Spring Boot')).toMatchObject({ version: '3.2.2', category: 'backend', ecosystem: 'jvm' })
    expect(framework(info, 'Spring Boot')?.evidence[0]).toEqual({ file: 'pom.xml', detail: 'dependency org.springframework.boot:spring-boot-starter-parent@3.2.2' })
    expect(framework(info, 'JUnit')).toMatchObject({ version: '5.10.1', evidence: [{ file: 'pom.xml', detail: 'test dependency org.junit.jupiter:junit-jupiter@5.10.1' }] })
    expect(framework(info, 'Quarkus')).toBeUndefined()
    expect(framework(info, 'Micronaut')?.evidence[0]?.file).toBe('api/pom.xml')
    expect(info.workspaces).toEqual(['api'])
    expect(commands(info)).toEqual({ test: './mvnw test', lint: './mvnw checkstyle:check', format: undefined, build: './mvnw -q -DskipTests package', typecheck: './mvnw -q compile' })
    expect(info.linters).toEqual(['checkstyle'])
    expect(info.entryPoints).toEqual(['src/main/java/com/example/DemoApplication.java'])
    expect(info.ci).toEqual(['Azure Pipelines'])
  })
})

describe('Gradle Kotlin DSL with wrapper and version catalog', () => {
  const info = analyze({
    'settings.gradle.kts': 'rootProject.name = "shop"\ninclude(":app", ":core:model")\n',
    'gradlew': '',
    'gradle/libs.versions.toml': '[versions]\nktor = "2.3.8"\n[libraries]\nktor-server-core = { module = "io.ktor:ktor-server-core", version.ref = "ktor" }\n[plugins]\nktlint = { id = "org.jlleitschuh.gradle.ktlint", version = "12.1.0" }\n',
    'app/build.gradle.kts': 'plugins {\n  kotlin("jvm") version "1.9.22"\n  id("org.springframework.boot") version "3.2.2"\n  alias(libs.plugins.ktlint)\n}\ndependencies {\n  implementation(libs.ktor.server.core)\n  implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.7.3")\n  testImplementation("io.kotest:kotest-runner-junit5:5.8.0")\n}\ntasks.test { useJUnitPlatform() }\n',
    'core/model/build.gradle.kts': 'plugins { `java-library` }\n',
    'app/src/main/kotlin/shop/Main.kt': '',
  })

  it('subprojects, frameworks from plugins and catalog, ./gradlew commands', () => {
    expect(info.workspaces).toEqual(['app', 'core/model'])
    expect(framework(info, 'Spring Boot')).toMatchObject({ version: '3.2.2', evidence: [{ file: 'app/build.gradle.kts', detail: 'plugin org.springframework.boot' }] })
    expect(framework(info, 'Ktor')).toMatchObject({ version: '2.3.8', evidence: [{ file: 'app/build.gradle.kts', detail: 'dependency io.ktor:ktor-server-core@2.3.8' }] })
    expect(framework(info, 'Kotest')?.category).toBe('testing')
    expect(framework(info, 'JUnit')).toBeDefined()
    expect(commands(info)).toEqual({ test: './gradlew test', lint: './gradlew ktlintCheck', format: undefined, build: './gradlew assemble', typecheck: './gradlew classes' })
    expect(info.linters).toEqual(['ktlint'])
    expect(names(info.buildTools)).toEqual(['Gradle'])
    expect(info.entryPoints).toEqual(['app/src/main/kotlin/shop/Main.kt'])
  })

  it('gradle without wrapper', () => {
    const plain = analyze({ 'build.gradle': "plugins { id 'java' }\ndependencies { testImplementation 'junit:junit:4.13.2' }\n" })
    expect(commands(plain)).toMatchObject({ test: 'gradle test', build: 'gradle assemble' })
    expect(framework(plain, 'JUnit')?.version).toBe('4.13.2')
  })
})

describe('.NET (ASP.NET Core + xUnit)', () => {
  const info = analyze({
    'Shop.sln': 'Microsoft Visual Studio Solution File\nProject("{FAE04EC0}") = "Api", "src\\Api\\Api.csproj", "{1}"\nEndProject\nProject("{FAE04EC0}") = "Api.Tests", "tests\\Api.Tests\\Api.Tests.csproj", "{2}"\nEndProject\n',
    'src/Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="Microsoft.EntityFrameworkCore" Version="8.0.1" /></ItemGroup></Project>',
    'src/Api/Program.cs': '',
    'tests/Api.Tests/Api.Tests.csproj': '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.8.0" /><PackageReference Include="xunit" Version="2.6.6" /></ItemGroup></Project>',
  })

  it('solution members, SDK-implied framework, dotnet commands', () => {
    expect(framework(info, 'ASP.NET Core')?.evidence).toEqual([{ file: 'src/Api/Api.csproj', detail: 'Sdk Microsoft.NET.Sdk.Web' }])
    expect(framework(info, 'xUnit')).toMatchObject({ version: '2.6.6', category: 'testing', evidence: [{ file: 'tests/Api.Tests/Api.Tests.csproj', detail: 'PackageReference xunit@2.6.6' }] })
    expect(framework(info, 'Entity Framework Core')?.version).toBe('8.0.1')
    expect(info.workspaces).toEqual(['src/Api', 'tests/Api.Tests'])
    expect(commands(info)).toEqual({ test: 'dotnet test', lint: undefined, format: 'dotnet format --verify-no-changes', build: 'dotnet build', typecheck: undefined })
    expect(info.dependencies['tests/Api.Tests/Api.Tests.csproj']?.dev).toHaveProperty('xunit')
    expect(info.entryPoints).toEqual(['src/Api/Program.cs'])
  })

  it('without a solution, targets the test and app projects explicitly', () => {
    const noSln = analyze({
      'src/App/App.csproj': '<Project Sdk="Microsoft.NET.Sdk"></Project>',
      'tests/App.Tests/App.Tests.csproj': '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="NUnit" Version="4.0.1" /><PackageReference Include="Microsoft.NET.Test.Sdk" Version="17" /></ItemGroup></Project>',
    })
    expect(commands(noSln)).toMatchObject({ test: 'dotnet test tests/App.Tests/App.Tests.csproj', build: 'dotnet build src/App/App.csproj' })
    expect(framework(noSln, 'NUnit')?.version).toBe('4.0.1')
  })
})

describe('Ruby (Rails + RSpec + rubocop)', () => {
  const info = analyze({
    'Gemfile': "source 'https://rubygems.org'\nruby '3.3.0'\ngem 'rails', '~> 7.1.3'\ngem 'pg'\ngroup :development, :test do\n  gem 'rspec-rails', '~> 6.1'\n  gem 'rubocop', require: false\nend\n",
    'Gemfile.lock': 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rails (7.1.3.2)\n    rspec-rails (6.1.1)\n',
    '.rubocop.yml': '',
    'config.ru': '',
    'bin/rails': '',
    '.travis.yml': '',
  })

  it('gems, locked versions, bundle exec commands', () => {
    expect(framework(info, 'Ruby on Rails')).toMatchObject({ version: '7.1.3.2', evidence: [{ file: 'Gemfile', detail: 'gem rails@7.1.3.2' }] })
    expect(framework(info, 'RSpec')?.version).toBe('6.1.1')
    expect(info.dependencies['Gemfile']).toEqual({ runtime: { rails: '~> 7.1.3', pg: '' }, dev: { 'rspec-rails': '~> 6.1', rubocop: '' } })
    expect(commands(info)).toEqual({ test: 'bundle exec rspec', lint: 'bundle exec rubocop', format: 'bundle exec rubocop -a', build: undefined, typecheck: undefined })
    expect(info.linters).toEqual(['rubocop'])
    expect(names(info.buildTools)).toEqual(['Bundler'])
    expect(info.lockfiles).toEqual(['Gemfile.lock'])
    expect(info.entryPoints).toEqual(['config.ru', 'bin/rails'])
    expect(info.ci).toEqual(['Travis CI'])
  })

  it('Sinatra with a Rakefile runs rake test', () => {
    const s = analyze({ 'Gemfile': "gem 'sinatra'\ngem 'minitest', group: :test\n", 'Rakefile': '' })
    expect(s.commands.test?.command).toBe('bundle exec rake test')
    expect(names(s.frameworks)).toEqual(['Sinatra', 'Minitest'])
  })
})

describe('PHP (Laravel + PHPUnit)', () => {
  const info = analyze({
    'composer.json': JSON.stringify({ require: { php: '^8.2', 'laravel/framework': '^11.0' }, 'require-dev': { 'phpunit/phpunit': '^10.5', 'laravel/pint': '^1.13', 'larastan/larastan': '^2.0' }, scripts: { test: ['@php artisan test'] } }),
    'composer.lock': '{}',
    'phpunit.xml': '',
    'artisan': '',
    'public/index.php': '',
    'bitbucket-pipelines.yml': '',
  })

  it('frameworks, composer scripts and vendor/bin tools', () => {
    expect(framework(info, 'Laravel')).toMatchObject({ version: '11.0', category: 'fullstack', evidence: [{ file: 'composer.json', detail: 'dependency laravel/framework@^11.0' }] })
    expect(framework(info, 'PHPUnit')?.version).toBe('10.5')
    expect(info.dependencies['composer.json']?.runtime).toEqual({ 'laravel/framework': '^11.0' })
    expect(commands(info)).toEqual({ test: 'composer test', lint: 'vendor/bin/phpstan analyse', format: 'vendor/bin/pint', build: undefined, typecheck: undefined })
    expect(info.linters).toEqual(['phpstan'])
    expect(info.formatters).toEqual(['pint'])
    expect(info.entryPoints).toEqual(['artisan', 'public/index.php'])
    expect(info.ci).toEqual(['Bitbucket Pipelines'])
  })

  it('falls back to vendor/bin/phpunit without a test script', () => {
    const sym = analyze({ 'composer.json': JSON.stringify({ require: { 'symfony/framework-bundle': '7.0.*' }, 'require-dev': { 'phpunit/phpunit': '10' } }) })
    expect(sym.commands.test?.command).toBe('vendor/bin/phpunit')
    expect(framework(sym, 'Symfony')?.version).toBe('7.0')
  })
})

describe('Elixir (Phoenix)', () => {
  const info = analyze({
    'mix.exs': 'defmodule App.MixProject do\n  defp deps do\n    [\n      {:phoenix, "~> 1.7.10"},\n      {:ecto_sql, "~> 3.10"},\n      {:credo, "~> 1.7", only: [:dev, :test], runtime: false},\n      {:dialyxir, "~> 1.4", only: :dev, runtime: false},\n      {:my_dep, git: "https://x"}\n    ]\n  end\nend\n',
    'mix.lock': '',
    '.formatter.exs': '',
    'lib/app/application.ex': '',
    'test/app_test.exs': '',
  })

  it('deps, frameworks, mix commands', () => {
    expect(framework(info, 'Phoenix')).toMatchObject({ version: '1.7.10', evidence: [{ file: 'mix.exs', detail: 'dependency phoenix@~> 1.7.10' }] })
    expect(names(info.frameworks)).toEqual(expect.arrayContaining(['Ecto', 'ExUnit']))
    expect(info.dependencies['mix.exs']?.dev).toEqual({ credo: '~> 1.7', dialyxir: '~> 1.4' })
    expect(commands(info)).toEqual({ test: 'mix test', lint: 'mix credo', format: 'mix format --check-formatted', build: 'mix compile', typecheck: 'mix dialyzer' })
    expect(info.entryPoints).toEqual(['lib/app/application.ex'])
    expect(names(info.buildTools)).toEqual(['Mix'])
  })
})

describe('Flutter / Dart', () => {
  const info = analyze({
    'pubspec.yaml': 'name: app\nenvironment:\n  sdk: ">=3.0.0 <4.0.0"\ndependencies:\n  flutter:\n    sdk: flutter\n  http: ^1.2.0\ndev_dependencies:\n  flutter_test:\n    sdk: flutter\n  flutter_lints: ^3.0.0\n',
    'pubspec.lock': '',
    'analysis_options.yaml': '',
    'lib/main.dart': '',
  })

  it('Flutter framework and flutter commands', () => {
    expect(framework(info, 'Flutter')).toMatchObject({ category: 'mobile', ecosystem: 'dart', evidence: [{ file: 'pubspec.yaml', detail: 'dependency flutter' }] })
    expect(commands(info)).toEqual({ test: 'flutter test', lint: 'flutter analyze', format: 'dart format .', build: undefined, typecheck: 'flutter analyze' })
    expect(info.dependencies['pubspec.yaml']?.runtime).toEqual({ flutter: '', http: '^1.2.0' })
    expect(info.entryPoints).toEqual(['lib/main.dart'])
    expect(names(info.buildTools)).toEqual(['Flutter'])
  })
})
