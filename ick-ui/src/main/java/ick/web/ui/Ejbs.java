package ick.web.ui;

/**
 * Where the UI finds the controller's EJBs. The UI is a top-level deployment beside {@code ick.ear} (its OIDC
 * login needs a security domain of its own), so it reaches them by their global JNDI names; its
 * {@code jboss-all.xml} makes it wait for {@code ick.ear}, and {@code jboss-deployment-structure.xml} shares the
 * EAR's classes with it.
 */
final class Ejbs {
    static final String GLOBAL = "java:global/ick/ick-ejb/";

    private Ejbs() {
    }
}
