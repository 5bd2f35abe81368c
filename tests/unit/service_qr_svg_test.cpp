#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "polls/qr_svg.hpp"

namespace traffpunkt::service {
namespace {

TEST(QrSvg, DrawsTheCodeWithAQuietZone) {
    const auto svg = qr_svg("http://127.0.0.1:8080/?join=q8Rz0fW2kLm4Xy7Tb1Vn9c");
    ASSERT_TRUE(svg);
    // 51 characters at level M need version 4: 33 modules, plus 4 of quiet zone on each side.
    EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 41 41\""))
        << *svg;
    EXPECT_NE(svg->find("shape-rendering=\"crispEdges\""), std::string::npos);
    // The three finder patterns: each starts with a run of 7 dark modules, at (4,4), (30,4) and
    // (4,30) inside the quiet zone.
    EXPECT_NE(svg->find("M4 4h7v1h-7z"), std::string::npos);
    EXPECT_NE(svg->find("M30 4h7v1h-7z"), std::string::npos);
    EXPECT_NE(svg->find("M4 30h7v1h-7z"), std::string::npos);
    // Only path data and the white square: nothing of the text leaks into the markup.
    EXPECT_EQ(svg->find("join="), std::string::npos);
    EXPECT_TRUE(std::regex_search(*svg, std::regex("d=\"(M\\d+ \\d+h\\d+v1h-\\d+z)+\"")));
}

TEST(QrSvg, SameTextSameImage) {
    EXPECT_EQ(qr_svg("abc"), qr_svg("abc"));
    EXPECT_NE(qr_svg("abc"), qr_svg("abd"));
}

TEST(QrSvg, TooLongForAQrCode) {
    EXPECT_FALSE(qr_svg(std::string(4000, 'x')));
}

}  // namespace
}  // namespace traffpunkt::service
