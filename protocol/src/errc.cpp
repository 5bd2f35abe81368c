#include "traffpunkt/protocol/errc.hpp"

#include <array>
#include <string>
#include <utility>

namespace traffpunkt::protocol {
namespace {

// Index = enum value; the test Errc.all_errcs_is_in_declaration_order keeps it so.
constexpr std::array<std::pair<errc, std::string_view>, 16> names{{
    {errc::bad_request, "bad_request"},
    {errc::unknown_op, "unknown_op"},
    {errc::invalid_args, "invalid_args"},
    {errc::unauthorized, "unauthorized"},
    {errc::forbidden, "forbidden"},
    {errc::not_found, "not_found"},
    {errc::conflict, "conflict"},
    {errc::rate_limited, "rate_limited"},
    {errc::unavailable, "unavailable"},
    {errc::internal, "internal"},
    {errc::registration_closed, "registration_closed"},
    {errc::meeting_cancelled, "meeting_cancelled"},
    {errc::meeting_not_published, "meeting_not_published"},
    {errc::invalid_invitation, "invalid_invitation"},
    {errc::poll_closed, "poll_closed"},
    {errc::invalid_ballot, "invalid_ballot"},
}};

constexpr std::array<errc, names.size()> codes = [] {
    std::array<errc, names.size()> out{};
    for (std::size_t i = 0; i < names.size(); ++i) {
        out[i] = names[i].first;
    }
    return out;
}();

class category final : public std::error_category {
  public:
    const char* name() const noexcept override { return "traffpunkt.protocol"; }
    std::string message(int value) const override {
        for (const auto& [code, text] : names) {
            if (static_cast<int>(code) == value) {
                return std::string(text);
            }
        }
        return "unknown protocol error";
    }
};

}  // namespace

std::string_view to_string(errc code) noexcept {
    for (const auto& [c, text] : names) {
        if (c == code) {
            return text;
        }
    }
    // Only reachable with a value cast from outside the enum; "internal" is the honest answer.
    return "internal";
}

std::optional<errc> parse_errc(std::string_view text) noexcept {
    for (const auto& [code, name] : names) {
        if (name == text) {
            return code;
        }
    }
    return std::nullopt;
}

std::span<const errc> all_errcs() noexcept {
    return codes;
}

const std::error_category& protocol_category() noexcept {
    static const category instance;
    return instance;
}

std::error_code make_error_code(errc code) noexcept {
    return {static_cast<int>(code), protocol_category()};
}

protocol_error invalid_field(std::string field, std::string message) {
    boost::json::object details;
    details["field"] = field;
    return protocol_error(errc::invalid_args, std::move(message), std::move(details));
}

}  // namespace traffpunkt::protocol
