package ick.notify;

/** An admin asked for one more attempt of failed notification {@code id} (fired in that transaction). */
public record NotificationRetried(long id) {
}
