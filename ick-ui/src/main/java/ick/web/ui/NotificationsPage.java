package ick.web.ui;

import ick.notify.Outbox;
import ick.problem.ConflictException;
import ick.problem.NoSuchItemException;
import ick.protocol.NotificationInfo;
import ick.protocol.NotificationState;
import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The notification outbox (what {@code icktool notifications} shows): newest first, a page at a time, filtered
 * by state; for admins, retrying a failed one (after a confirmation on a page of its own).
 */
@Named
@ViewScoped
public class NotificationsPage implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 50;
    /** The most {@link Outbox#list} gives at once, so the pages end there. */
    static final int MAX_LIST = 1000;

    @EJB(lookup = Ejbs.GLOBAL + "Outbox")
    transient Outbox outbox;

    /** {@code pending}, {@code sending}, {@code sent}, {@code failed}, or empty for all. */
    private String state;
    private int page;
    /** The notification whose retry the page asks to confirm. */
    private Long retry;
    private transient List<NotificationInfo> shown;
    private boolean more;
    private transient NotificationInfo confirm;

    public void load() throws IOException {
        NotificationState filter = null;
        if (state != null && !state.isEmpty()) {
            try {
                filter = NotificationState.valueOf(state.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                FacesContext.getCurrentInstance().getExternalContext().responseSendError(400, "no such state");
                FacesContext.getCurrentInstance().responseComplete();
                return;
            }
        }
        page = Math.max(0, page);
        List<NotificationInfo> all = outbox.list(filter, Math.min(MAX_LIST, (page + 1) * PAGE_SIZE + 1));
        int from = Math.min(all.size(), page * PAGE_SIZE);
        int to = Math.min(all.size(), from + PAGE_SIZE);
        shown = all.subList(from, to);
        more = all.size() > to;
        if (retry != null && FacesContext.getCurrentInstance().getExternalContext()
                .isUserInRole(ick.identity.UserRole.ADMIN_ROLE)) {
            try {
                confirm = outbox.info(retry);
                if (confirm.state() != NotificationState.FAILED) {
                    FacesContext.getCurrentInstance().addMessage(null, Links.warning("Notification " + retry + " is "
                            + confirm.state().json() + ": only a failed notification can be retried."));
                    confirm = null;
                }
            } catch (NoSuchItemException e) {
                FacesContext.getCurrentInstance().addMessage(null, Links.warning("There is no notification " + retry + "."));
            }
        }
    }

    /** Gives the failed notification the page asked about one more attempt (admins only). */
    public void retryConfirmed() throws IOException {
        Viewer.requireAdmin();
        FacesContext faces = FacesContext.getCurrentInstance();
        try {
            outbox.retry(retry, "user " + faces.getExternalContext().getUserPrincipal().getName());
            Links.redirect(Links.info("Notification " + retry + " will be sent again now."), "notifications.xhtml",
                    "state", state);
        } catch (NoSuchItemException | ConflictException e) {
            Links.redirect(Links.warning(e.getMessage() + "."), "notifications.xhtml", "state", state);
        }
    }

    public List<String> getStates() {
        return Arrays.stream(NotificationState.values()).map(NotificationState::json).toList();
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public int getPage() {
        return page;
    }

    public void setPage(int page) {
        this.page = page;
    }

    public Long getRetry() {
        return retry;
    }

    public void setRetry(Long retry) {
        this.retry = retry;
    }

    public List<NotificationInfo> getNotifications() {
        return shown;
    }

    public boolean isMore() {
        return more;
    }

    public NotificationInfo getConfirm() {
        return confirm;
    }

    public boolean failed(NotificationInfo n) {
        return n.state() == NotificationState.FAILED;
    }

    public String time(Instant instant) {
        return Durations.utc(instant);
    }
}
