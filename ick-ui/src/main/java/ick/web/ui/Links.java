package ick.web.ui;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Addresses of the UI's own pages, with their query parameters encoded, and the redirect after a change. */
final class Links {
    private Links() {
    }

    /** {@code page?name=value&...}, leaving out parameters without a value. */
    static String to(String page, String... namesAndValues) {
        StringBuilder url = new StringBuilder(page);
        char separator = '?';
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (value != null && !value.isEmpty()) {
                url.append(separator).append(namesAndValues[i]).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return url.toString();
    }

    /** Shows {@code message} on the next page, then sends the browser there (post, redirect, get). */
    static void redirect(FacesMessage message, String page, String... namesAndValues) throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext context = faces.getExternalContext();
        if (message != null) {
            faces.addMessage(null, message);
            context.getFlash().setKeepMessages(true);
        }
        context.redirect(context.getRequestContextPath() + "/" + to(page, namesAndValues));
    }

    static FacesMessage info(String text) {
        return new FacesMessage(FacesMessage.SEVERITY_INFO, text, null);
    }

    static FacesMessage warning(String text) {
        return new FacesMessage(FacesMessage.SEVERITY_WARN, text, null);
    }
}
