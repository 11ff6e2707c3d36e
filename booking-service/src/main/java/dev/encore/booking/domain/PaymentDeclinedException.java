package dev.encore.booking.domain;

public class PaymentDeclinedException extends RuntimeException {

    public PaymentDeclinedException() {
        super("The payment was declined; the seats stay held until the hold expires");
    }
}
