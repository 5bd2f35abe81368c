#include "polls/ballot_codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "traffpunkt/protocol/errc.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

domain::ballot to_ballot(const domain::poll& p, const protocol::ballot_input& in) {
    const auto form = domain::ballot_form(p);
    if (in.form != form) {
        throw protocol_error(
            errc::invalid_ballot,
            "this poll takes a ballot with '" + std::string(form) + "', not '" + in.form + "'",
            {{"field", "ballot." + in.form}});
    }
    domain::ballot b;
    b.choices = in.ids;
    b.value = static_cast<int>(in.value);
    b.text = in.text;
    b.points = in.points;
    if (auto e = domain::validate_ballot(p, b)) {
        json::object details;
        if (!e->field.empty()) {
            details["field"] = e->field;
        }
        throw protocol_error(errc::invalid_ballot, e->message, std::move(details));
    }
    return domain::normalised(p, std::move(b));
}

json::object ballot_json(const domain::poll& p, const domain::ballot& b) {
    const auto form = domain::ballot_form(p);
    json::object o;
    if (form == "option") {
        o["option"] = b.choices.empty() ? 0 : b.choices.front();
    } else if (form == "value") {
        o["value"] = b.value;
    } else if (form == "text") {
        o["text"] = b.text;
    } else if (form == "points") {
        json::array points;
        for (const auto& [project, n] : b.points) {
            points.push_back(json::object{{"project_id", project}, {"points", n}});
        }
        o["points"] = std::move(points);
    } else {
        json::array ids;
        for (auto id : b.choices) {
            ids.push_back(id);
        }
        o[form] = std::move(ids);
    }
    return o;
}

std::string encode_ballot(const domain::poll& p, const domain::ballot& b) {
    return json::serialize(ballot_json(p, b));
}

domain::ballot decode_stored_ballot(std::string_view text) {
    const auto in = protocol::decode_ballot(json::parse(text).as_object());
    domain::ballot b;
    b.choices = in.ids;
    b.value = static_cast<int>(in.value);
    b.text = in.text;
    b.points = in.points;
    return b;
}

}  // namespace traffpunkt::service
