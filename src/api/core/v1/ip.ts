// Moved to src/api/validation/ip.ts; kept so existing imports of this path still work.
export {
  type ParsedIP,
  parseIP,
  to4,
  ipString,
  isIPv6String,
  isValidIP,
  isValidCIDR,
  validateNonSpecialIP,
} from "../../validation/ip.js";
