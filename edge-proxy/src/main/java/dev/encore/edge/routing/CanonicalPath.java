package dev.encore.edge.routing;

/**
 * The one spelling of a path that the edge accepts: every decision it takes (upstream, token, waiting-room pass,
 * rate-limit bucket) is taken on the path exactly as the upstream will route it, so no other spelling may pass.
 * Canonical means: starts with {@code /}; segments separated by single slashes, none empty (no {@code //}, no
 * trailing slash); no {@code .} or {@code ..} segment (RFC 3986 section 5.2.4 would remove them); and only RFC 3986
 * unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) in segments, so no percent-encoding (encoded dots or slashes),
 * no {@code ;} matrix parameters and no other character a server might decode or drop. Every public path of encore
 * is canonical in this sense; anything else is refused with 400 before any decision (edge-proxy/README).
 */
public final class CanonicalPath {

    private CanonicalPath() {
    }

    /** Whether {@code rawPath} (the request target's path, not decoded) is canonical. */
    public static boolean isCanonical(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return false;
        }
        if (rawPath.length() == 1) {
            return true;
        }
        int segmentStart = 1;
        for (int i = 1; i <= rawPath.length(); i++) {
            if (i == rawPath.length() || rawPath.charAt(i) == '/') {
                if (!isCanonicalSegment(rawPath, segmentStart, i)) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (!isUnreserved(rawPath.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCanonicalSegment(String path, int start, int end) {
        int length = end - start;
        if (length == 0) {
            return false;
        }
        boolean dots = path.charAt(start) == '.' && (length == 1 || (length == 2 && path.charAt(start + 1) == '.'));
        return !dots;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
