#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "documents/document_store.hpp"

namespace traffpunkt::service {
namespace {

namespace fs = std::filesystem;

class DocumentStore : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("traffpunkt-docstore-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
    }
    void TearDown() override { fs::remove_all(root_); }

    static std::string read(const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }

    static std::size_t files_in(const fs::path& dir) {
        std::size_t n = 0;
        for ([[maybe_unused]] const auto& e : fs::recursive_directory_iterator(dir)) {
            n += e.is_regular_file() ? 1 : 0;
        }
        return n;
    }

    fs::path root_;
};

// sha256("abc") from FIPS 180-2.
constexpr std::string_view abc_sha256 =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST_F(DocumentStore, stores_bytes_under_their_sha256) {
    document_store store(root_);
    const auto blob = store.put("abc");
    EXPECT_EQ(blob.sha256, abc_sha256);
    EXPECT_EQ(blob.size, 3u);
    const auto path = store.path_of(blob.sha256);
    EXPECT_EQ(path, root_ / "sha256" / "ba" / std::string(abc_sha256));
    EXPECT_EQ(read(path), "abc");
    EXPECT_EQ(files_in(store.temp_dir()), 0u);
}

TEST_F(DocumentStore, pieces_hash_like_the_whole) {
    document_store store(root_);
    auto w = store.begin_upload();
    w.write("a");
    w.write("");
    w.write("bc");
    EXPECT_EQ(w.size(), 3u);
    EXPECT_EQ(files_in(store.temp_dir()), 1u);
    EXPECT_EQ(w.commit().sha256, abc_sha256);
    EXPECT_EQ(files_in(store.temp_dir()), 0u);
}

TEST_F(DocumentStore, identical_uploads_share_one_file) {
    document_store store(root_);
    store.put("same bytes");
    store.put("same bytes");
    EXPECT_EQ(files_in(root_ / "sha256"), 1u);
    EXPECT_EQ(files_in(store.temp_dir()), 0u);
}

TEST_F(DocumentStore, abort_and_destruction_leave_nothing) {
    document_store store(root_);
    {
        auto w = store.begin_upload();
        w.write("partial");
        w.abort();
        EXPECT_THROW(w.write("more"), std::system_error);
        EXPECT_THROW(w.commit(), std::system_error);
    }
    {
        auto w = store.begin_upload();
        w.write("dropped");
    }
    EXPECT_EQ(files_in(root_), 0u);
}

TEST_F(DocumentStore, stale_temp_files_are_removed_at_start) {
    fs::create_directories(root_ / "tmp");
    std::ofstream(root_ / "tmp" / "0123.part") << "left by a crash";
    std::ofstream(root_ / "tmp" / "notes.txt") << "not ours";
    document_store store(root_);
    EXPECT_FALSE(fs::exists(root_ / "tmp" / "0123.part"));
    EXPECT_TRUE(fs::exists(root_ / "tmp" / "notes.txt"));
}

TEST_F(DocumentStore, an_unwritable_store_throws) {
    fs::create_directories(root_);
    std::ofstream(root_ / "file") << "x";
    EXPECT_ANY_THROW(document_store(root_ / "file" / "documents"));
}

}  // namespace
}  // namespace traffpunkt::service
