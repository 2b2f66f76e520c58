import { pino } from "pino";
import { runEventBusContract } from "../../test/live/event-bus-contract.js";
import { createInProcessEventBus } from "./in-process-event-bus.js";

runEventBusContract("in-process", async () => createInProcessEventBus(pino({ level: "silent" })));
