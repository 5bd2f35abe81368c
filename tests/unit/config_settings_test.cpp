#include "traffpunkt/config/settings.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace cfg = traffpunkt::config;

TEST(ConfigSettings, effectiveOriginsDefaultToThePublicBaseUrl) {
    cfg::settings s;
    EXPECT_EQ(s.effective_origins(), std::vector<std::string>{"http://127.0.0.1:8080"});
    s.public_base_url = "HTTPS://Traffpunkt.Example.se:443/kalender";
    EXPECT_EQ(s.effective_origins(), std::vector<std::string>{"https://traffpunkt.example.se"});
    s.allowed_origins = {"https://a.se:8443", "http://B.se:80"};
    EXPECT_EQ(s.effective_origins(),
              (std::vector<std::string>{"https://a.se:8443", "http://b.se"}));
    s.allowed_origins.clear();
    s.public_base_url = "not a url";
    EXPECT_TRUE(s.effective_origins().empty());
}

TEST(ConfigSettings, originOfRefusesWhatIsNotAnHttpUrl) {
    EXPECT_EQ(cfg::origin_of("http://[::1]:8080/x"), "http://[::1]:8080");
    EXPECT_EQ(cfg::origin_of("https://a.se?x=1"), "https://a.se");
    for (const char* bad :
         {"", "a.se", "ftp://a.se", "https://", "https://user@a.se",
          "https://a.se:", "https://a.se:99999", "https://[zz]:1", "https://a b"}) {
        EXPECT_EQ(cfg::origin_of(bad), std::nullopt) << bad;
    }
}
