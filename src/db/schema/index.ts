export * from "./check-results.js";
export * from "./incidents.js";
export * from "./maintenance-windows.js";
export * from "./monitors.js";
export * from "./notifications.js";
export * from "./platform-alerts.js";
export * from "./regions.js";
export * from "./users.js";
