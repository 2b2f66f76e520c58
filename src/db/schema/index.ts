export * from "./check-results.js";
export * from "./monitors.js";
export * from "./regions.js";
export * from "./users.js";
