package ick.protocol;

import java.util.List;

/**
 * An error, as RFC 7807 problem details ({@code application/problem+json}).
 *
 * @param errors each thing wrong with the input, when there are several
 */
public record Problem(String type, String title, int status, String detail, String instance, List<String> errors) {
}
