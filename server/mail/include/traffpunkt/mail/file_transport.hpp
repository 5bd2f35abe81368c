#pragma once

#include <filesystem>

#include "traffpunkt/mail/transport.hpp"

namespace traffpunkt::mail {

/**
 * The default transport: each message becomes `<folder>/<key>.eml`, written to a temporary file,
 * synced and renamed into place. An attempt after a crash writes the same name again, so a
 * message is never there twice, and a reader never sees half of one. A newcomer opens the files
 * with any mail program.
 */
class file_transport : public transport {
  public:
    /** Creates `folder` when it does not exist (throws std::filesystem::filesystem_error). */
    explicit file_transport(std::filesystem::path folder);

    /** The file a message with this key becomes (`<folder>/<key>.eml`); erasure deletes it. */
    static std::filesystem::path file_of(const std::filesystem::path& folder,
                                         const std::string& key);

    send_result send(const envelope& env, std::string_view message) override;
    std::string describe() const override;

  private:
    std::filesystem::path folder_;
};

}  // namespace traffpunkt::mail
