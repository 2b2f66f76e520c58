import type { NotificationMessage } from "../notification-message.js";

/** One message on its way to one channel: the outbox row's id and key travel with it to the receiver. */
export type Delivery = {
  /** The outbox row's id (a fresh one for a channel test): x-vigil-delivery, the webhook body's `id`. */
  id: string;
  /** Stable across retries of the same notification, so receivers can drop duplicates. */
  idempotencyKey: string;
  message: NotificationMessage;
};

/** A delivery failed; the message is safe to store and show (status, a snippet of the answer, never a secret). */
export class DeliveryError extends Error {}

/** Cuts text to a receiver's limit, marking the cut. */
export { truncate } from "../../lib/truncate.js";
