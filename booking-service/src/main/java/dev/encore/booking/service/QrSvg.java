package dev.encore.booking.service;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * QR codes (ISO/IEC 18004) as SVG documents, encoded by ZXing: error correction level M (15% of the symbol may be
 * lost), a quiet zone of 4 modules (the standard's minimum), one unit of the {@code viewBox} per module, dark modules
 * as one path of unit-high runs. Scales to any size without blurring; no AWT, so native images need nothing more.
 */
public final class QrSvg {

    private static final int QUIET_ZONE = 4;

    private QrSvg() {
    }

    /**
     * The SVG of a QR code holding {@code text} in byte mode (ISO-8859-1).
     *
     * @throws IllegalArgumentException when the text does not fit in a QR code (over 2,331 bytes at level M)
     */
    public static String of(String text) {
        ByteMatrix modules;
        try {
            modules = Encoder.encode(text, ErrorCorrectionLevel.M,
                    Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.ISO_8859_1.name())).getMatrix();
        } catch (WriterException e) {
            throw new IllegalArgumentException("Does not fit in a QR code: " + text.length() + " characters", e);
        }
        int size = modules.getWidth() + 2 * QUIET_ZONE;
        StringBuilder svg = new StringBuilder(16 * modules.getWidth() * modules.getHeight() / 3)
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(size).append(' ').append(size)
                .append("\" shape-rendering=\"crispEdges\"><rect width=\"").append(size).append("\" height=\"").append(size)
                .append("\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
        for (int y = 0; y < modules.getHeight(); y++) {
            int x = 0;
            while (x < modules.getWidth()) {
                if (modules.get(x, y) != 1) {
                    x++;
                    continue;
                }
                int run = x;
                while (run < modules.getWidth() && modules.get(run, y) == 1) {
                    run++;
                }
                svg.append('M').append(x + QUIET_ZONE).append(' ').append(y + QUIET_ZONE)
                        .append('h').append(run - x).append("v1h-").append(run - x).append('z');
                x = run;
            }
        }
        return svg.append("\"/></svg>").toString();
    }
}
