package dev.encore.booking.service;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class QrSvgTest {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
    private static final int QUIET_ZONE = 4;

    @Test
    void theSvgIsAQrCodeThatAReaderDecodesBackToTheText() throws Exception {
        String code = "eyJhbGciOiJFUzI1NiJ9." + "x".repeat(300) + ".sig-_";

        String svg = QrSvg.of(code);

        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertEquals(code, decode(svg));
    }

    @Test
    void textTooLongForAQrCodeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QrSvg.of("x".repeat(3000)));
    }

    /**
     * Reads the modules back from the SVG's runs (the quiet zone removed) and decodes them with ZXing's QR decoder,
     * which checks the format, version and error correction of what it reads.
     */
    public static String decode(String svg) throws Exception {
        Matcher box = VIEW_BOX.matcher(svg);
        assertTrue(box.find(), "no viewBox in " + svg);
        int size = Integer.parseInt(box.group(1)) - 2 * QUIET_ZONE;
        BitMatrix modules = new BitMatrix(size);
        Matcher run = RUN.matcher(svg);
        while (run.find()) {
            int x = Integer.parseInt(run.group(1)) - QUIET_ZONE;
            int y = Integer.parseInt(run.group(2)) - QUIET_ZONE;
            assertEquals(run.group(3), run.group(4));
            modules.setRegion(x, y, Integer.parseInt(run.group(3)), 1);
        }
        return new Decoder().decode(modules).getText();
    }
}
