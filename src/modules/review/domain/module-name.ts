/** The module's name as the bus knows it: the owner of the `review.*` events. */
export const REVIEW_MODULE = 'review';
