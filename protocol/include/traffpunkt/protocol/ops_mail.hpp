#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace traffpunkt::protocol {

// Mail ops (PROTOCOL.md "Mail"): the coordinators' view of the outbox, resending, personal links
// by mail, and the language a person reads their mail in.

/** mail.status values. */
inline constexpr std::array<std::string_view, 5> mail_status_values{"queued", "sending", "sent",
                                                                    "failed", "dropped"};
/** Most mails one `mail.list` answer holds (`limit`). */
inline constexpr std::int64_t mail_list_limit_max = 200;

/** mail.list {meeting_id?, person_id?, registration_id?, status?, before?, limit?} */
struct mail_list_args {
    std::optional<std::int64_t> meeting_id;
    std::optional<std::int64_t> person_id;
    std::optional<std::int64_t> registration_id;
    std::optional<std::string> status;
    std::optional<std::int64_t> before;  ///< only mails with a smaller mail_id (the next page)
    std::int64_t limit = 50;
};
/** Decodes the args of `mail.list`. */
mail_list_args decode_mail_list(const boost::json::object& args);

/** mail.resend {mail_id} */
struct mail_resend_args {
    std::int64_t mail_id = 0;
};
/** Decodes the args of `mail.resend`. */
mail_resend_args decode_mail_resend(const boost::json::object& args);

/** person.send_link {email}: "send me my link". */
struct person_send_link_args {
    std::string email;
};
/** Decodes the args of `person.send_link`. */
person_send_link_args decode_person_send_link(const boost::json::object& args);

/** person.resend_link {person_id}: a coordinator mails someone a new personal link. */
struct person_resend_link_args {
    std::int64_t person_id = 0;
};
/** Decodes the args of `person.resend_link`. */
person_resend_link_args decode_person_resend_link(const boost::json::object& args);

/** person.set_language {person_id?, language}: default the caller. */
struct person_set_language_args {
    std::optional<std::int64_t> person_id;
    std::string language;  ///< sv | en
};
/** Decodes the args of `person.set_language`. */
person_set_language_args decode_person_set_language(const boost::json::object& args);

}  // namespace traffpunkt::protocol
