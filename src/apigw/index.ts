// Public API of the API Gateway simulator (re-exported by src/index.ts and src/browser.ts).
export { simulateApiGatewayText, type ApiGatewayTextInput, type ApiGatewayTextOptions } from './from-text.js';
export { apiGatewayFromTemplate } from './import.js';
export { parseTraffic, type Traffic, type TrafficClient, type Arrivals } from './traffic.js';
export { simulateApiGateway, type SimResult } from './simulate.js';
export { buildReport, formatReport, type ApiGatewayReport, type ClientReport, type OutcomeCounts, type TimelineBin, type LimitReport } from './report.js';
export { DEFAULT_ACCOUNT_RATE, DEFAULT_ACCOUNT_BURST, type SimulationOptions } from './plan.js';
export { validateApiGateway } from './validate.js';
