#include "traffpunkt/protocol/ops_registration.hpp"

#include "field_readers.hpp"
#include "traffpunkt/protocol/enum_values.hpp"

namespace traffpunkt::protocol {
namespace {

/** Invitation codes the server issues are 43 characters; anything far longer is not one. */
constexpr std::size_t invitation_max = 256;
/** Check-in codes are 6 characters; room for a pasted code with spaces around it. */
constexpr std::size_t checkin_code_max = 32;

std::optional<std::string> bounded(args_reader& r, std::string_view key,
                                   std::optional<std::string> value, std::size_t max) {
    if (value && value->size() > max) {
        r.fail(key, "must be at most " + std::to_string(max) + " characters");
    }
    return value;
}

}  // namespace

registration_create_args decode_registration_create(const boost::json::object& args) {
    args_reader r(args);
    registration_create_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.mode = r.one_of("mode", enum_values::attendance_mode);
    a.dietary_needs = r.opt_string("dietary_needs").value_or("");
    a.accessibility_needs = r.opt_string("accessibility_needs").value_or("");
    a.person_id = detail::read_opt_id(r, "person_id");
    a.invitation = bounded(r, "invitation", r.opt_string("invitation"), invitation_max);
    if (const auto* person = r.opt_object("person")) {
        args_reader p(*person, "person.");
        new_person_input input;
        input.name = p.string("name");
        input.email = p.string("email");
        input.role = p.one_of("role", enum_values::person_role);
        input.language = p.opt_one_of("language", enum_values::person_language);
        p.finish();
        a.person = std::move(input);
    }
    r.finish();
    if (a.person_id && (a.invitation || a.person)) {
        r.fail(a.invitation ? "invitation" : "person",
               "cannot be given with person_id (self-registration is for new people)");
    }
    if (a.invitation && !a.person) {
        r.fail("person", "is required with an invitation");
    }
    if (a.person && !a.invitation) {
        r.fail("invitation", "is required to register a new person");
    }
    return a;
}

registration_get_args decode_registration_get(const boost::json::object& args) {
    args_reader r(args);
    registration_get_args a;
    a.registration_id = detail::read_opt_id(r, "registration_id");
    a.meeting_id = detail::read_opt_id(r, "meeting_id");
    a.person_id = detail::read_opt_id(r, "person_id");
    r.finish();
    if (a.registration_id && a.meeting_id) {
        r.fail("meeting_id", "cannot be given with registration_id");
    }
    if (!a.registration_id && !a.meeting_id) {
        r.fail("registration_id", "is required (or meeting_id)");
    }
    if (a.registration_id && a.person_id) {
        r.fail("person_id", "cannot be given with registration_id");
    }
    return a;
}

registration_list_args decode_registration_list(const boost::json::object& args) {
    args_reader r(args);
    registration_list_args a;
    a.meeting_id = detail::read_opt_id(r, "meeting_id");
    a.person_id = detail::read_opt_id(r, "person_id");
    a.status = r.opt_one_of("status", enum_values::registration_status);
    a.mail = r.opt_boolean("mail").value_or(false);
    r.finish();
    return a;
}

registration_update_args decode_registration_update(const boost::json::object& args) {
    args_reader r(args);
    registration_update_args a;
    a.registration_id = detail::read_id(r, "registration_id");
    a.mode = detail::not_null(r, "mode", r.one_of_patch("mode", enum_values::attendance_mode));
    a.dietary_needs = r.string_patch("dietary_needs");
    a.accessibility_needs = r.string_patch("accessibility_needs");
    r.finish();
    if (!a.mode.present && !a.dietary_needs.present && !a.accessibility_needs.present) {
        r.fail("mode", "is required (or dietary_needs, accessibility_needs): nothing to change");
    }
    return a;
}

registration_cancel_args decode_registration_cancel(const boost::json::object& args) {
    args_reader r(args);
    registration_cancel_args a;
    a.registration_id = detail::read_id(r, "registration_id");
    r.finish();
    return a;
}

registration_checkin_args decode_registration_checkin(const boost::json::object& args) {
    args_reader r(args);
    registration_checkin_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.registration_id = detail::read_opt_id(r, "registration_id");
    a.person_id = detail::read_opt_id(r, "person_id");
    a.checkin_code = bounded(r, "checkin_code", r.opt_string("checkin_code"), checkin_code_max);
    a.checked_in = r.opt_boolean("checked_in").value_or(true);
    r.finish();
    const int given =
        (a.registration_id ? 1 : 0) + (a.person_id ? 1 : 0) + (a.checkin_code ? 1 : 0);
    if (given == 0) {
        r.fail("checkin_code", "is required (or person_id, registration_id)");
    }
    if (given > 1) {
        r.fail(a.checkin_code ? "checkin_code" : "person_id",
               "cannot be given with another of registration_id, person_id, checkin_code");
    }
    return a;
}

meeting_stats_args decode_meeting_stats(const boost::json::object& args) {
    args_reader r(args);
    meeting_stats_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    r.finish();
    return a;
}

network_stats_args decode_network_stats(const boost::json::object& args) {
    args_reader r(args);
    network_stats_args a;
    a.network_id = detail::read_id(r, "network_id");
    r.finish();
    return a;
}

org_invitation_args decode_org_invitation(const boost::json::object& args) {
    args_reader r(args);
    org_invitation_args a;
    a.organisation_id = detail::read_id(r, "organisation_id");
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
