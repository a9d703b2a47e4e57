package ick.worker;

import ick.protocol.WorkItem;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.Optional;

/**
 * Hands actions to workers. A claim commits before its log line is written, so that claiming never waits for
 * a build's lock (see the lock order in {@link ick.build.BuildLog}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Dispatcher {
    @EJB
    Claims claims;

    /**
     * The next action for {@code worker}, now held by it; empty if none is ready.
     *
     * @param trusted whether its token makes it a trusted worker (it then gets trusted actions only)
     * @param ahead   up to how many actions ahead of it the work item lists ({@link WorkItem#ahead()})
     */
    public Optional<WorkItem> next(String worker, boolean trusted, int ahead) {
        Optional<WorkItem> item = claims.claim(worker, trusted, ahead);
        item.ifPresent(i -> claims.announce(i, worker));
        return item;
    }

    /** Puts back an action whose worker could not be given it. */
    public void release(long actionId, String worker) {
        claims.release(actionId, worker);
    }
}
