#pragma once

// Personal data as a Swedish public body must handle it (PROTOCOL.md "Personal data"): the
// register extract (person.export and /persons/{id}/export.{json,html}), erasure
// (person.erase), the access log (audit.list, /audit.csv, and log_access for every feature that
// shows personal data) and retention (retention.run and the periodic job). One feature in one
// folder, like minutes/: it uses the application's reads, writer and rooms through
// `application::impl`.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "call.hpp"
#include "identity.hpp"
#include "traffpunkt/domain/time.hpp"
#include "traffpunkt/service/application.hpp"
#include "traffpunkt/service/http_exchange.hpp"

namespace traffpunkt::service {

class personal_data_feature {
  public:
    explicit personal_data_feature(application::impl& app);

    void op_export(const call& c);
    void op_erase(const call& c);
    void op_audit_list(const call& c);
    void op_retention_run(const call& c);

    /** True for the routes of http(): /persons/{id}/export.{json,html} and /audit.csv. */
    static bool is_route(std::string_view path);
    /** GET/HEAD of a register extract or of the access log as CSV (http_persons.cpp). */
    http_response http(const http_request& request);

    /**
     * Appends to the access log that `who` (from `remote`) read or exported personal data
     * (`action`), about a person or a meeting's people. Through the writer, after the read: a
     * failure is logged, never answered. Any thread.
     */
    void log_access(const principal& who, std::string_view remote, std::string_view action,
                    std::optional<std::int64_t> subject_person_id,
                    std::optional<std::int64_t> meeting_id, std::string details = {});

    /** Applies the retention rules as of `as_of`; `done` gets what it did (nullopt: failed). */
    void run_retention(domain::instant as_of,
                       std::function<void(std::optional<boost::json::object>)> done);
    /** When retention last ran (unix seconds, 0: not yet), for /metrics. */
    std::int64_t last_retention_run() const { return last_run_.load(); }

  private:
    application::impl& app_;
    std::atomic<std::int64_t> last_run_{0};
};

}  // namespace traffpunkt::service
