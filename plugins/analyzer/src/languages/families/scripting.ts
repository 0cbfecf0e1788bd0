// Dynamic / scripting languages and shells.
import {
  C_BLOCK, DQ, DQ_ML, HASH, SQ, SQ_ML, SQ_RAW_ML, TRIPLE_DQ, TRIPLE_DQ_RAW, TRIPLE_SQ, type LanguageSpec,
} from '../languageSpec.ts'

const PY_STRINGS = [TRIPLE_DQ, TRIPLE_SQ, DQ, SQ]
const SHELL_STRINGS = [DQ_ML, SQ_RAW_ML]

export const SCRIPTING: LanguageSpec[] = [
  {
    name: 'Python', type: 'programming', extensions: ['.py', '.pyw', '.pyi', '.pyx', '.pxd', '.gyp', '.rpy'],
    filenames: ['SConstruct', 'SConscript', 'Snakefile', 'wscript'],
    interpreters: ['python', 'python2', 'python3', 'pypy', 'pypy3', 'uv'], lineComments: HASH,
    strings: PY_STRINGS, docstrings: true,
  },
  {
    // Bazel/Buck build language: Python syntax.
    name: 'Starlark', type: 'programming', extensions: ['.bzl', '.star', '.bazel'],
    filenames: ['BUILD', 'WORKSPACE', 'BUCK', 'Tiltfile'], lineComments: HASH, strings: PY_STRINGS, docstrings: true,
  },
  {
    name: 'Ruby', type: 'programming',
    extensions: ['.rb', '.rake', '.gemspec', '.ru', '.rbw', '.jbuilder', '.podspec', '.thor'],
    filenames: [
      'Gemfile', 'Rakefile', 'Vagrantfile', 'Podfile', 'Fastfile', 'Appfile', 'Brewfile', 'Guardfile', 'Capfile',
      'Berksfile', 'Dangerfile', 'Thorfile', '.irbrc', '.pryrc',
    ],
    interpreters: ['ruby', 'jruby', 'rbx'], lineComments: HASH, blockComments: [['=begin', '=end']],
    columnOneBlocks: true, strings: [DQ_ML, SQ_ML],
  },
  {
    name: 'Perl', type: 'programming', extensions: ['.pl', '.pm', '.t', '.pod', '.psgi', '.perl'],
    interpreters: ['perl', 'perl5'], lineComments: HASH,
    // POD blocks run from any =command at column 1 to =cut.
    blockComments: [
      ['=pod', '=cut'], ['=head', '=cut'], ['=begin', '=cut'], ['=over', '=cut'], ['=item', '=cut'], ['=for', '=cut'],
      ['=encoding', '=cut'],
    ],
    columnOneBlocks: true, strings: [DQ_ML, SQ_ML],
  },
  {
    name: 'PHP', type: 'programming', extensions: ['.php', '.phtml', '.php3', '.php4', '.php5', '.phps', '.blade.php'],
    interpreters: ['php'], lineComments: ['//', '#'], blockComments: C_BLOCK, strings: [DQ_ML, SQ_ML],
  },
  {
    name: 'Lua', type: 'programming', extensions: ['.lua', '.rockspec'], interpreters: ['lua', 'luajit'],
    lineComments: ['--'], blockComments: [['--[[', ']]'], ['--[=[', ']=]'], ['--[==[', ']==]']],
    strings: [{ open: '[[', close: ']]', multiline: true }, { open: '[=[', close: ']=]', multiline: true }, DQ, SQ],
  },
  {
    name: 'R', type: 'programming', extensions: ['.r', '.rprofile', '.rmd'], filenames: ['.Rprofile'],
    interpreters: ['Rscript', 'r'], lineComments: HASH, strings: [DQ_ML, SQ_ML],
  },
  {
    name: 'Julia', type: 'programming', extensions: ['.jl'], interpreters: ['julia'], lineComments: HASH,
    blockComments: [['#=', '=#']], nestedComments: true, strings: [TRIPLE_DQ, DQ_ML],
  },
  {
    name: 'Shell', type: 'programming', extensions: ['.sh', '.bash', '.zsh', '.ksh', '.bats', '.command', '.tmux'],
    filenames: [
      '.bashrc', '.bash_profile', '.bash_login', '.bash_logout', '.bash_aliases', '.profile', '.zshrc', '.zshenv',
      '.zprofile', '.zlogin', '.zlogout', '.kshrc', 'PKGBUILD', 'APKBUILD', '.envrc',
    ],
    interpreters: ['sh', 'bash', 'zsh', 'ksh', 'mksh', 'dash', 'ash', 'busybox'], lineComments: HASH,
    strings: SHELL_STRINGS,
  },
  {
    name: 'Fish', type: 'programming', extensions: ['.fish'], interpreters: ['fish'], lineComments: HASH,
    strings: SHELL_STRINGS,
  },
  {
    name: 'PowerShell', type: 'programming', extensions: ['.ps1', '.psm1', '.psd1'], interpreters: ['pwsh', 'powershell'],
    lineComments: HASH, blockComments: [['<#', '#>']],
    strings: [{ open: '"', close: '"', escape: '`', multiline: true }, SQ_RAW_ML],
  },
  {
    name: 'Batch', type: 'programming', extensions: ['.bat', '.cmd'], lineStartComments: ['rem', '@rem', '::'],
  },
  {
    name: 'Vim script', type: 'programming', extensions: ['.vim', '.vimrc'], filenames: ['.vimrc', '_vimrc', '.gvimrc', '.exrc'],
    lineStartComments: ['"'], strings: [{ open: "'", close: "'" }],
  },
  {
    name: 'Tcl', type: 'programming', extensions: ['.tcl', '.tm', '.itcl'], interpreters: ['tclsh', 'wish', 'expect'],
    lineComments: HASH, strings: [DQ_ML],
  },
  { name: 'AWK', type: 'programming', extensions: ['.awk'], interpreters: ['awk', 'gawk', 'mawk', 'nawk'], lineComments: HASH, strings: [DQ] },
  {
    name: 'Elixir', type: 'programming', extensions: ['.ex', '.exs'], interpreters: ['elixir'], lineComments: HASH,
    strings: [TRIPLE_DQ, TRIPLE_SQ, DQ_ML, SQ_ML],
  },
  {
    name: 'Erlang', type: 'programming', extensions: ['.erl', '.hrl', '.escript', '.app.src'],
    filenames: ['rebar.config', 'rebar.config.script'], interpreters: ['escript'], lineComments: ['%'], strings: [DQ_ML, SQ],
  },
  {
    name: 'Crystal', type: 'programming', extensions: ['.cr'], interpreters: ['crystal'], lineComments: HASH,
    strings: [DQ_ML],
  },
  {
    name: 'Nim', type: 'programming', extensions: ['.nim', '.nims', '.nimble'], lineComments: HASH,
    blockComments: [['#[', ']#']], nestedComments: true, strings: [TRIPLE_DQ_RAW, DQ, SQ],
  },
  {
    name: 'Raku', type: 'programming', extensions: ['.raku', '.rakumod', '.p6', '.pm6'], interpreters: ['raku', 'perl6'],
    lineComments: HASH, strings: [DQ_ML, SQ_ML],
  },
  {
    name: 'CoffeeScript', type: 'programming', extensions: ['.coffee'], interpreters: ['coffee'], lineComments: HASH,
    blockComments: [['###', '###']], strings: [TRIPLE_DQ, TRIPLE_SQ, DQ, SQ],
  },
]
