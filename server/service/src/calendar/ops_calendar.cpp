// calendar.link: a person's calendar feed URL, apart from their account token (issue 16 item 6).

#include "traffpunkt/protocol/ops_calendar.hpp"
#include "application_impl.hpp"
#include "calendar/calendar_feature.hpp"
#include "clock.hpp"
#include "identity.hpp"
#include "parse_fields.hpp"
#include "traffpunkt/store/calendar_token_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

void calendar_feature::op_link(const call& c) {
    const auto a = protocol::decode_calendar_link(c.req.args);
    const principal& who = c.who();
    std::int64_t person_id = 0;
    if (who.who == principal::role::anonymous || who.who == principal::role::audience) {
        throw_forbidden("only a person (or a coordinator for a person) has a calendar link");
    }
    if (a.person_id) {
        if (!who.is_coordinator() && !(who.person_id && *who.person_id == *a.person_id)) {
            throw_forbidden("a calendar link is only for that person and coordinators");
        }
        person_id = *a.person_id;
    } else if (who.person_id) {
        person_id = *who.person_id;
    } else {
        throw protocol::invalid_field("person_id",
                                      "a coordinator token has no calendar of its own: give "
                                      "person_id");
    }
    const auto* links = app_.calendar_tokens.get();
    const std::string base = app_.settings.public_base_url;
    const bool rotate = a.rotate;
    write_plan plan;
    plan.write = [person_id, rotate, links, base](store::database& db) -> json::value {
        if (!store::find_person(db, person_id)) {
            throw_not_found("no person " + std::to_string(person_id));
        }
        const auto current = store::find_calendar_token(db, person_id);
        std::int64_t generation = current ? current->generation : 1;
        // A new key file (restored without it) would derive a token nobody's URL holds: start
        // the next generation then, as a rotation would.
        const bool stale =
            current && hash_token(links->token_for(person_id, generation)) != current->token_hash;
        if (rotate || stale) {
            generation = current ? current->generation + 1 : 1;
        }
        const std::string token = links->token_for(person_id, generation);
        if (!current || generation != current->generation) {
            store::put_calendar_token(db, person_id, generation, hash_token(token),
                                      std::chrono::time_point_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now()));
        }
        const std::string path = "/calendar/person/" + token + ".ics";
        std::string webcal = base + path;
        webcal.replace(0, webcal.find("://"), "webcal");
        return json::object{{"person_id", person_id},
                            {"url", base + path},
                            {"webcal_url", webcal},
                            {"rotated", rotate || stale}};
    };
    // The idempotency record must not hold the link (it is a credential for the feed).
    plan.remembered = [person_id](const json::value& result) -> json::value {
        return json::object{{"person_id", person_id},
                            {"url", nullptr},
                            {"webcal_url", nullptr},
                            {"rotated", result.as_object().at("rotated")}};
    };
    app_.submit(c, std::move(plan));
}

}  // namespace traffpunkt::service
