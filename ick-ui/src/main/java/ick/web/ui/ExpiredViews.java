package ick.web.ui;

import jakarta.faces.FacesException;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.logging.Logger;

/**
 * Answers a post whose view state the session does not hold with 400 and {@value #PAGE}: a page left open while
 * more views were opened after it than Faces keeps (15 a session), or a forged post. Nothing was changed, so it is
 * the client's error, and one line in the log; left to the container, it was a 500 with a stack trace at ERROR.
 * Registered in WEB-INF/faces-config.xml.
 */
public class ExpiredViews extends ExceptionHandlerFactory {
    static final String PAGE = "/WEB-INF/errors/expired.html";
    private static final Logger LOG = Logger.getLogger(ExpiredViews.class.getName());

    public ExpiredViews(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return new Handler(getWrapped().getExceptionHandler());
    }

    private static final class Handler extends ExceptionHandlerWrapper {
        Handler(ExceptionHandler wrapped) {
            super(wrapped);
        }

        @Override
        public void handle() {
            Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
            while (events.hasNext()) {
                ViewExpiredException expired = expired(events.next().getContext().getException());
                if (expired != null) {
                    events.remove();
                    answer(FacesContext.getCurrentInstance(), expired);
                }
            }
            getWrapped().handle();
        }

        private static ViewExpiredException expired(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof ViewExpiredException expired) {
                    return expired;
                }
            }
            return null;
        }

        private static void answer(FacesContext faces, ViewExpiredException expired) {
            ExternalContext external = faces.getExternalContext();
            LOG.info(() -> "a post to " + expired.getViewId() + " by " + external.getRemoteUser()
                    + " came with a view state the session does not hold; answered 400, nothing changed");
            try (InputStream page = external.getResourceAsStream(PAGE)) {
                external.responseReset();
                external.setResponseStatus(400);
                external.setResponseContentType("text/html");
                external.setResponseCharacterEncoding("UTF-8");
                try (OutputStream out = external.getResponseOutputStream()) {
                    page.transferTo(out);
                }
            } catch (IOException e) {
                throw new FacesException("cannot answer an out-of-date post", e);
            }
            faces.responseComplete();
        }
    }
}
