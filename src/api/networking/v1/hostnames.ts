// Moved to src/api/validation/hostnames.ts; kept so existing imports of this path still work.
export { isWildcardDNS1123Subdomain, isDomainPrefixedPath } from "../../validation/hostnames.js";
