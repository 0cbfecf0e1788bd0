// A capability's method table without a prototype: "constructor", "toString", "__proto__" are never methods.

import type { CapabilityMethods } from './types.ts'

export function methodTable(methods: CapabilityMethods): CapabilityMethods {
  return Object.freeze(Object.assign(Object.create(null) as CapabilityMethods, methods))
}
