#pragma once

// A suite that works as the coordinator: fresh member organisations, people in them, and
// authenticated HTTP GETs (attendee CSV, demo data, meeting contact, poll-link QR tests).

#include <memory>
#include <string>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {

class coordinator_fixture : public integration_fixture {
  protected:
    std::unique_ptr<ws_client> coordinator = connect_coordinator();

    /** A newly admitted member organisation of network 1 (a new one per call). */
    std::int64_t new_organisation() {
        const auto r = result_of(coordinator->call(
            "org.admit", {{"network_id", 1},
                          {"organisation",
                           {{"name", unique_name("Mönsterås kommun")}, {"kind", "municipality"}}},
                          {"decision",
                           {{"deciding_body", "Kommunstyrelsen"},
                            {"diary_number", "KS 2031/1"},
                            {"decided_on", "2031-01-10"}}}}));
        return int_at(r, "member.organisation.organisation_id");
    }

    /** person.create of an official; the answer's result. */
    json::object create(std::int64_t org, const std::string& name, const std::string& email) {
        return result_of(coordinator->call(
            "person.create",
            {{"name", name}, {"email", email}, {"organisation_id", org}, {"role", "official"}}));
    }

    testing::http_result get(const std::string& target, const std::string& token) {
        return testing::http_request(server().host(), server().port(), "GET", target,
                                     {{"Authorization", "Bearer " + token}});
    }
};

}  // namespace traffpunkt::integration
