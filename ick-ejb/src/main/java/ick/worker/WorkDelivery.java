package ick.worker;

import ick.protocol.WorkItem;

/** Where a waiting worker's answer goes (the web layer's suspended request). */
public interface WorkDelivery {
    /** Hands over an action; false if the request is gone (the action is then put back). */
    boolean deliver(WorkItem item);

    /** Nothing became ready in time. */
    void nothing();

    /**
     * Whether the request is known to be gone (its client closed the connection, e.g. a worker stopped while
     * it waited): it must not be handed an action, which would be lost with it until its lease ran out.
     */
    default boolean gone() {
        return false;
    }
}
