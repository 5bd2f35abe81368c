#include "traffpunkt/mail/file_transport.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace traffpunkt::mail {

namespace {

send_result failure(const std::string& what) {
    return {send_result::outcome::temporary, 0, what + ": " + std::strerror(errno)};
}

/** The key names a file: digits, letters, '-' and '_' only, so it can never leave the folder. */
bool is_safe_key(const std::string& key) {
    if (key.empty() || key.size() > 64) {
        return false;
    }
    for (const char c : key) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '-' || c == '_')) {
            return false;
        }
    }
    return true;
}

}  // namespace

file_transport::file_transport(std::filesystem::path folder) : folder_(std::move(folder)) {
    std::filesystem::create_directories(folder_);
}

std::filesystem::path file_transport::file_of(const std::filesystem::path& folder,
                                              const std::string& key) {
    return folder / (key + ".eml");
}

send_result file_transport::send(const envelope& env, std::string_view message) {
    if (!is_safe_key(env.key)) {
        return {send_result::outcome::permanent, 0, "the message has no usable file name"};
    }
    const auto final_path = file_of(folder_, env.key);
    // A dot file beside it: the rename is atomic within one folder, and readers skip dot files.
    const auto temp_path = folder_ / ("." + env.key + ".eml.tmp");
    const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) {
        return failure("cannot create " + temp_path.string());
    }
    std::size_t done = 0;
    while (done < message.size()) {
        const auto n = ::write(fd, message.data() + done, message.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            auto result = failure("cannot write " + temp_path.string());
            ::close(fd);
            ::unlink(temp_path.c_str());
            return result;
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        auto result = failure("cannot sync " + temp_path.string());
        ::close(fd);
        ::unlink(temp_path.c_str());
        return result;
    }
    ::close(fd);
    if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
        auto result = failure("cannot rename to " + final_path.string());
        ::unlink(temp_path.c_str());
        return result;
    }
    // The rename itself survives a crash only once the folder is synced.
    const int dir = ::open(folder_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {send_result::outcome::sent, 250, "written to " + final_path.string()};
}

std::string file_transport::describe() const {
    return "files in " + folder_.string() + "/ (one .eml per message)";
}

}  // namespace traffpunkt::mail
