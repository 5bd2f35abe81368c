#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace traffpunkt::service {

/** Bytes stored under their SHA-256. */
struct stored_blob {
    std::string sha256;  ///< 64 lowercase hex digits
    std::uint64_t size = 0;
};

/**
 * One upload on its way to the content-addressed store: the bytes go to a private temp file
 * while their SHA-256 is computed, and `commit` moves the finished file to its name
 * (`<store>/sha256/ab/abcdef...`). Until then nothing under that name changes, and a writer
 * that is destroyed or aborted removes its temp file: nothing partial is ever left behind.
 * All failures throw std::system_error.
 */
class blob_writer {
  public:
    /** Creates `temp_path` (it must not exist) for bytes that will live under `blob_root`. */
    blob_writer(std::filesystem::path temp_path, std::filesystem::path blob_root);
    ~blob_writer();

    blob_writer(blob_writer&& other) noexcept;
    blob_writer& operator=(blob_writer&&) = delete;
    blob_writer(const blob_writer&) = delete;
    blob_writer& operator=(const blob_writer&) = delete;

    /** Appends bytes to the temp file and the hash. */
    void write(std::string_view bytes);

    /** Bytes written so far. */
    std::uint64_t size() const noexcept { return size_; }

    /**
     * Flushes the file to disk, then gives it its content address (or drops it when identical
     * bytes are stored already) and flushes the directory, so a database row written after
     * this never names bytes a crash could lose.
     */
    stored_blob commit();

    /** Removes the temp file. Idempotent; never throws. */
    void abort() noexcept;

    /** Where the bytes of `sha256` live under `blob_root`: `ab/abcdef...`. */
    static std::filesystem::path blob_path(const std::filesystem::path& blob_root,
                                           std::string_view sha256);

  private:
    struct ctx_free {
        void operator()(evp_md_ctx_st* ctx) const noexcept;
    };

    std::filesystem::path temp_path_;
    std::filesystem::path blob_root_;
    int fd_ = -1;
    std::unique_ptr<evp_md_ctx_st, ctx_free> hash_;
    std::uint64_t size_ = 0;
    bool done_ = false;  ///< committed or aborted: the temp file is gone
};

}  // namespace traffpunkt::service
