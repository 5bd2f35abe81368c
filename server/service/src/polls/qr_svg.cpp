#include "polls/qr_svg.hpp"

#include <memory>

#include <qrencode.h>

namespace traffpunkt::service {

namespace {

/** Modules of white around the code that readers need to find it (ISO/IEC 18004). */
constexpr int quiet_zone = 4;

struct qrcode_free {
    void operator()(QRcode* q) const noexcept { QRcode_free(q); }
};

}  // namespace

std::optional<std::string> qr_svg(std::string_view text) {
    const std::string data(text);  // libqrencode wants a NUL-terminated string
    std::unique_ptr<QRcode, qrcode_free> code(
        QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M));
    if (!code) {
        return std::nullopt;
    }
    const int width = code->width;
    const int size = width + 2 * quiet_zone;
    std::string path;
    // One horizontal run of dark modules per "M x y h n v1 h -n z": a few hundred runs, not
    // thousands of rectangles. Bit 0 of each byte is the module's colour (1 = dark).
    for (int y = 0; y < width; ++y) {
        const unsigned char* row = code->data + static_cast<std::ptrdiff_t>(y) * width;
        for (int x = 0; x < width;) {
            if ((row[x] & 1) == 0) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < width && (row[x + run] & 1) != 0) {
                ++run;
            }
            path += "M" + std::to_string(x + quiet_zone) + " " + std::to_string(y + quiet_zone) +
                    "h" + std::to_string(run) + "v1h-" + std::to_string(run) + "z";
            x += run;
        }
    }
    const std::string s = std::to_string(size);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + s + " " + s +
           "\" width=\"" + s + "\" height=\"" + s +
           "\" shape-rendering=\"crispEdges\" role=\"img\">"
           "<rect width=\"" +
           s + "\" height=\"" + s + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path +
           "\"/></svg>\n";
}

}  // namespace traffpunkt::service
