#include "documents/blob_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

#include <openssl/evp.h>

#include "identity.hpp"

namespace traffpunkt::service {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

/** fsync on a directory, so a rename or a new entry in it survives a power cut. */
void sync_directory(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        throw_errno("cannot open directory " + dir.string());
    }
    const int rc = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    if (rc != 0) {
        errno = saved;
        throw_errno("cannot flush directory " + dir.string());
    }
}

}  // namespace

void blob_writer::ctx_free::operator()(evp_md_ctx_st* ctx) const noexcept {
    EVP_MD_CTX_free(ctx);
}

blob_writer::blob_writer(fs::path temp_path, fs::path blob_root)
    : temp_path_(std::move(temp_path)), blob_root_(std::move(blob_root)), hash_(EVP_MD_CTX_new()) {
    if (!hash_ || EVP_DigestInit_ex(hash_.get(), EVP_sha256(), nullptr) != 1) {
        throw std::system_error(std::make_error_code(std::errc::not_enough_memory),
                                "SHA-256 is not available");
    }
    // O_EXCL: the name is random, and an existing file there is never ours to overwrite.
    fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ < 0) {
        throw_errno("cannot create " + temp_path_.string());
    }
}

blob_writer::blob_writer(blob_writer&& other) noexcept
    : temp_path_(std::move(other.temp_path_)),
      blob_root_(std::move(other.blob_root_)),
      fd_(other.fd_),
      hash_(std::move(other.hash_)),
      size_(other.size_),
      done_(other.done_) {
    other.fd_ = -1;
    other.done_ = true;
}

blob_writer::~blob_writer() {
    abort();
}

void blob_writer::write(std::string_view bytes) {
    if (done_) {
        throw std::system_error(std::make_error_code(std::errc::bad_file_descriptor),
                                "the upload is closed");
    }
    if (EVP_DigestUpdate(hash_.get(), bytes.data(), bytes.size()) != 1) {
        throw std::system_error(std::make_error_code(std::errc::io_error), "SHA-256 failed");
    }
    while (!bytes.empty()) {
        const auto n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw_errno("cannot write " + temp_path_.string());
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
        size_ += static_cast<std::uint64_t>(n);
    }
}

stored_blob blob_writer::commit() {
    if (done_) {
        throw std::system_error(std::make_error_code(std::errc::bad_file_descriptor),
                                "the upload is closed");
    }
    if (::fsync(fd_) != 0) {
        throw_errno("cannot flush " + temp_path_.string());
    }
    if (::close(fd_) != 0) {
        fd_ = -1;
        throw_errno("cannot close " + temp_path_.string());
    }
    fd_ = -1;
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(hash_.get(), md.data(), &len) != 1) {
        throw std::system_error(std::make_error_code(std::errc::io_error), "SHA-256 failed");
    }
    stored_blob out{to_hex(md.data(), len), size_};
    const fs::path target = blob_path(blob_root_, out.sha256);
    const fs::path dir = target.parent_path();
    std::error_code ec;
    const bool new_dir = fs::create_directories(dir, ec);
    if (ec) {
        throw std::system_error(ec, "cannot create " + dir.string());
    }
    if (fs::is_regular_file(target, ec) && fs::file_size(target, ec) == size_ && !ec) {
        // The same bytes are stored already (another upload of the same file): keep those.
        abort();
        return out;
    }
    if (::rename(temp_path_.c_str(), target.c_str()) != 0) {
        throw_errno("cannot move the upload to " + target.string());
    }
    done_ = true;
    sync_directory(dir);
    if (new_dir) {
        sync_directory(dir.parent_path());
    }
    return out;
}

void blob_writer::abort() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!done_) {
        ::unlink(temp_path_.c_str());
        done_ = true;
    }
}

fs::path blob_writer::blob_path(const fs::path& blob_root, std::string_view sha256) {
    return blob_root / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

}  // namespace traffpunkt::service
