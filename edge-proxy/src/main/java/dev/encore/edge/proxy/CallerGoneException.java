package dev.encore.edge.proxy;

/**
 * The caller closed its connection before the upstream answered, and the proxy abandoned the upstream exchange. Not
 * the upstream's fault: fans close tabs and load generators stop mid-request, and counting those as failures once let
 * a benchmark's last second open a breaker that then refused every caller for its whole delay.
 */
class CallerGoneException extends RuntimeException {

    CallerGoneException(Throwable cause) {
        super("the caller closed its connection before the upstream answered", cause, false, false);
    }
}
