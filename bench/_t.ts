import { benchMemory, reportMemory } from './memory.ts'
console.log(reportMemory(await benchMemory([1, 5], 1)))
