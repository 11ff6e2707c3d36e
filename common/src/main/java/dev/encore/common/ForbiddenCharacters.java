package dev.encore.common;

/**
 * The one decision about which characters no text input may carry, wherever it arrives (a JSON string or map key,
 * a query parameter, a header value): the C0 controls U+0000 to U+001F (tab and line breaks included: no field of
 * the API is multi-line), DEL U+007F and unpaired UTF-16 surrogates. Such text is refused, never cleaned up: a
 * client that sends it has a bug to learn about, and PostgreSQL refuses U+0000 anyway (a 500 before this check).
 */
public final class ForbiddenCharacters {

    /** What the 400 says about a field that carries one (RFC 9457 {@code errors[].message}). */
    public static final String MESSAGE = "must not contain control characters (U+0000 to U+001F, U+007F) or unpaired surrogates";

    private ForbiddenCharacters() {
    }

    /** Whether {@code text} carries a forbidden character; {@code null} carries none. */
    public static boolean in(CharSequence text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || Character.isLowSurrogate(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++; // a valid pair: skip its low half
            }
        }
        return false;
    }
}
