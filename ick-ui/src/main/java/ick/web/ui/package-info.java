/**
 * The web UI: Jakarta Faces pages at {@code /ui} (dashboard, project, build, workers, blobs, notifications) and
 * their backing beans, which read and act through the controller's services, never over HTTP. People log in
 * through OIDC (WildFly's elytron-oidc-client, {@code WEB-INF/oidc.json}); role {@code viewer} sees,
 * {@code admin} also triggers and cancels builds, deletes blobs, runs retention and retries failed
 * notifications. Live log updates come from {@link LogStreamServlet} (server-sent events); every page works
 * without JavaScript otherwise.
 */
package ick.web.ui;
