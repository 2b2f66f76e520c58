import { runStreamQueueContract } from "../../test/helpers/queue-contract.js";
import { createInProcessQueue } from "./in-process-queue.js";

runStreamQueueContract("in-process", async () => ({ queue: createInProcessQueue(), prefix: "vigil-test" }));
