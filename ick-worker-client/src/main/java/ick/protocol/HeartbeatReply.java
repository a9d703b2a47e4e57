package ick.protocol;

/**
 * The answer to a worker's heartbeat ({@code POST /api/v1/work/{actionId}/heartbeat}).
 *
 * @param state   {@code building}: go on (the lease was renewed); {@code cancelled} or {@code timed-out}: stop
 *                the action's processes now, then report the result
 * @param message why, for the worker's log
 */
public record HeartbeatReply(ActionState state, String message) {
    public boolean mustStop() {
        return state != ActionState.BUILDING;
    }
}
