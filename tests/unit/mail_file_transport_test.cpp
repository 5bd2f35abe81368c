// The file transport (mail.transport = "file", the default): one .eml per outbox row, written
// atomically, so an attempt after a crash replaces the file instead of adding a second one.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store_temp_dir.hpp"
#include "traffpunkt/mail/file_transport.hpp"

namespace {

using traffpunkt::mail::envelope;
using traffpunkt::mail::file_transport;
using traffpunkt::mail::send_result;
using traffpunkt::store::testing::temp_dir;
namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t files_in(const fs::path& folder) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) {
        ++n;
    }
    return n;
}

TEST(FileTransport, WritesOneFileNamedAfterTheKey) {
    temp_dir dir;
    const fs::path folder = fs::path(dir.file("outbox-sent"));
    file_transport t(folder);
    ASSERT_TRUE(fs::is_directory(folder));
    const auto r =
        t.send(envelope{"a@b.example", "c@d.example", "17"}, "Subject: x\r\n\r\nhej\r\n");
    EXPECT_EQ(r.result, send_result::outcome::sent);
    EXPECT_EQ(read_all(folder / "17.eml"), "Subject: x\r\n\r\nhej\r\n");
    EXPECT_EQ(files_in(folder), 1u) << "no temporary file is left behind";
}

TEST(FileTransport, AnotherAttemptReplacesTheFile) {
    temp_dir dir;
    const fs::path folder = fs::path(dir.file("out"));
    file_transport t(folder);
    EXPECT_EQ(t.send({"a@b.example", "c@d.example", "5"}, "first").result,
              send_result::outcome::sent);
    EXPECT_EQ(t.send({"a@b.example", "c@d.example", "5"}, "again").result,
              send_result::outcome::sent);
    EXPECT_EQ(read_all(folder / "5.eml"), "again");
    EXPECT_EQ(files_in(folder), 1u);
}

TEST(FileTransport, RefusesKeysThatAreNotNames) {
    temp_dir dir;
    file_transport t(fs::path(dir.file("out")));
    for (const char* key : {"", "../x", "a/b", ".hidden", "a b"}) {
        EXPECT_EQ(t.send({"a@b.example", "c@d.example", key}, "x").result,
                  send_result::outcome::permanent)
            << key;
    }
    EXPECT_FALSE(fs::exists(dir.file("x.eml")));
}

TEST(FileTransport, AnUnwritableFolderIsTemporary) {
    temp_dir dir;
    const fs::path folder = fs::path(dir.file("out"));
    file_transport t(folder);
    fs::remove_all(folder);  // gone (e.g. a disk replaced): try again later, nothing is lost
    const auto r = t.send({"a@b.example", "c@d.example", "1"}, "x");
    EXPECT_EQ(r.result, send_result::outcome::temporary);
    EXPECT_FALSE(r.reply.empty());
}

}  // namespace
