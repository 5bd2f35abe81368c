#include "calendar/calendar_links.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "identity.hpp"

namespace traffpunkt::service {

namespace {

std::runtime_error key_error(const std::filesystem::path& file, const std::string& what) {
    return std::runtime_error("calendar link key " + file.string() + ": " + what);
}

}  // namespace

calendar_links::calendar_links(const std::filesystem::path& key_file) {
    int fd = ::open(key_file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        const ssize_t n = ::read(fd, key_.data(), key_.size());
        unsigned char extra = 0;
        const ssize_t more = ::read(fd, &extra, 1);
        ::close(fd);
        if (n != static_cast<ssize_t>(key_.size()) || more != 0) {
            throw key_error(key_file,
                            "expected exactly 32 bytes; restore it from a backup, or "
                            "delete it to give every person a new calendar link");
        }
        return;
    }
    if (errno != ENOENT) {
        throw key_error(key_file, std::strerror(errno));
    }
    if (RAND_bytes(key_.data(), static_cast<int>(key_.size())) != 1) {
        throw key_error(key_file, "the system random number generator failed");
    }
    // O_EXCL: if two processes start at once, the second reads what the first wrote.
    fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            *this = calendar_links(key_file);
            return;
        }
        throw key_error(key_file, std::strerror(errno));
    }
    const bool ok = ::write(fd, key_.data(), key_.size()) == static_cast<ssize_t>(key_.size()) &&
                    ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        ::unlink(key_file.c_str());
        throw key_error(key_file, "cannot write it");
    }
}

std::string calendar_links::token_for(std::int64_t person_id, std::int64_t generation) const {
    const std::string message =
        "calendar-link:" + std::to_string(person_id) + ":" + std::to_string(generation);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac,
             &len) == nullptr) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    return base64url(mac, len);
}

}  // namespace traffpunkt::service
