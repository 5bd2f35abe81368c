#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace traffpunkt::service {

/**
 * `text` as a QR code (libqrencode: 8-bit mode, error correction level M, the smallest version
 * that holds it) in an SVG image: one dark path on a white square with the standard quiet zone
 * of 4 modules, one unit per module, `shape-rendering="crispEdges"` so it scales sharply from a
 * phone to a projector. Empty when the text does not fit a QR code (over ~2,300 bytes).
 */
std::optional<std::string> qr_svg(std::string_view text);

}  // namespace traffpunkt::service
