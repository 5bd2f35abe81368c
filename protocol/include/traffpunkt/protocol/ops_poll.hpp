#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "traffpunkt/protocol/args_reader.hpp"

namespace traffpunkt::protocol {

// Live polls, participatory-budgeting polls and the audience link. The codec checks shapes,
// types, enum values and counts; what a poll's texts, options and budget may be is a domain rule
// the server checks, and whether a ballot fits its poll is decided in the meeting's room.

/** `scale`: {max, min_label?, max_label?} */
struct poll_scale_input {
    std::int64_t max = 5;
    std::string min_label;
    std::string max_label;
};

/**
 * One project of a PB poll: {title, description?, cost, organisation_id?, district?,
 * categories?, latitude?, longitude?}
 */
struct pb_project_input {
    std::string title;
    std::string description;
    std::int64_t cost = 0;
    std::optional<std::int64_t> organisation_id;
    std::string district;                 ///< "" when absent
    std::vector<std::string> categories;  ///< labels
    std::optional<std::string> latitude, longitude;
};

/** A sub-budget: {name, budget} */
struct pb_district_input {
    std::string name;
    std::int64_t budget = 0;
};

/**
 * `pb`: {budget, currency?, ballot, utility?, max_choices?, points_total?, projects, decimals?,
 * rule?, min_support?, districts?}, or an import {pabulib, ballots?, rule?, min_support?,
 * utility?, ballot?} whose budget, projects and ballots come from the `.pb` text.
 */
struct poll_pb_input {
    std::int64_t budget = 0;
    std::string currency = "SEK";
    std::string ballot;   ///< approval | knapsack | points; empty in an import: from the file
    std::string utility;  ///< cost | approval; empty: the default for the ballot
    std::optional<std::int64_t> max_choices;
    std::optional<std::int64_t> points_total;
    std::vector<pb_project_input> projects;
    std::int64_t decimals = 0;  ///< 0..2
    std::string rule;           ///< "" when absent
    std::optional<std::int64_t> min_support;
    std::vector<pb_district_input> districts;
    /// Import: the text of a pabulib `.pb` file; `ballots` "none" (default: projects only) or
    /// "count" (its ballots too, as a closed poll's).
    std::optional<std::string> pabulib;
    std::string ballots = "none";
};

/**
 * poll.create {meeting_id, kind, question, description?, options?, max_choices?, scale?,
 * text_max_length?, pb?, anonymous?, audience?, results?, auto_close_at?, agenda_item_id?}
 */
struct poll_create_args {
    std::int64_t meeting_id = 0;
    std::string kind;  ///< single | multiple | scale | ranking | approval | text | pb
    std::string question;
    std::string description;
    std::vector<std::string> options;
    std::optional<std::int64_t> max_choices;
    std::optional<poll_scale_input> scale;
    std::optional<std::int64_t> text_max_length;
    std::optional<poll_pb_input> pb;
    bool anonymous = false;
    std::string audience = "registered";  ///< registered | link
    std::string results = "live";         ///< live | after_close | facilitators
    std::optional<std::string> auto_close_at;
    std::optional<std::int64_t> agenda_item_id;
};
/** Decodes the args of `poll.create`. */
poll_create_args decode_poll_create(const boost::json::object& args);

/**
 * poll.update {poll_id, and any of question, description, options, max_choices, scale,
 * text_max_length, pb, anonymous, audience, results, auto_close_at, agenda_item_id}. A given
 * options/scale/pb replaces the whole value; null clears the clearable ones. The kind never
 * changes.
 */
struct poll_update_args {
    std::int64_t poll_id = 0;
    args_reader::patch<std::string> question;
    args_reader::patch<std::string> description;
    std::optional<std::vector<std::string>> options;
    args_reader::patch<std::int64_t> max_choices;
    std::optional<poll_scale_input> scale;
    args_reader::patch<std::int64_t> text_max_length;
    std::optional<poll_pb_input> pb;
    std::optional<bool> anonymous;
    std::optional<std::string> audience;
    std::optional<std::string> results;
    args_reader::patch<std::string> auto_close_at;
    args_reader::patch<std::int64_t> agenda_item_id;
};
/** Decodes the args of `poll.update`: at least one field besides the id. */
poll_update_args decode_poll_update(const boost::json::object& args);

/** poll.open {poll_id, auto_close_at?} */
struct poll_open_args {
    std::int64_t poll_id = 0;
    std::optional<std::string> auto_close_at;
};
/** Decodes the args of `poll.open`. */
poll_open_args decode_poll_open(const boost::json::object& args);

/** {poll_id}: the args of poll.close, poll.get, poll.results and poll.delete. */
struct poll_ref_args {
    std::int64_t poll_id = 0;
};
/** Decodes `{poll_id}`. */
poll_ref_args decode_poll_ref(const boost::json::object& args);

/** poll.list {meeting_id} */
struct poll_list_args {
    std::int64_t meeting_id = 0;
};
/** Decodes the args of `poll.list`. */
poll_list_args decode_poll_list(const boost::json::object& args);

/**
 * A ballot as sent: exactly one of option (single), options (multiple, approval), value (scale),
 * ranking, text, projects (PB approval and knapsack) or points (PB points). Which one the poll
 * takes is checked by the server (invalid_ballot).
 */
struct ballot_input {
    std::string form;  ///< the key given: option | options | value | ranking | text | projects |
                       ///< points
    std::vector<std::int64_t> ids;  ///< option, options, ranking, projects
    std::int64_t value = 0;         ///< value
    std::string text;               ///< text
    std::vector<std::pair<std::int64_t, std::int64_t>> points;  ///< (project_id, points)
};

/**
 * Decodes a ballot object (as in poll.vote, and as the server stores it). `prefix` names its
 * fields in errors ("ballot.").
 */
ballot_input decode_ballot(const boost::json::object& ballot, std::string prefix = "ballot.");

/** poll.vote {poll_id, ballot} */
struct poll_vote_args {
    std::int64_t poll_id = 0;
    ballot_input ballot;
};
/** Decodes the args of `poll.vote`. */
poll_vote_args decode_poll_vote(const boost::json::object& args);

/** poll.link {meeting_id, rotate?}: the meeting's audience link for polls open to anyone. */
struct poll_link_args {
    std::int64_t meeting_id = 0;
    bool rotate = false;
};
/** Decodes the args of `poll.link`. */
poll_link_args decode_poll_link(const boost::json::object& args);

/** audience.join {code}: a voter token for a meeting's audience polls. */
struct audience_join_args {
    std::string code;
};
/** Decodes the args of `audience.join`. */
audience_join_args decode_audience_join(const boost::json::object& args);

/** audience.list {meeting_id, after?, limit?}: a page of the meeting's devices, by id. */
struct audience_list_args {
    std::int64_t meeting_id = 0;
    std::int64_t after = 0;    ///< devices with a larger token_id (0: from the first)
    std::int64_t limit = 200;  ///< 1..500
};
/** Decodes the args of `audience.list`. */
audience_list_args decode_audience_list(const boost::json::object& args);

/** audience.revoke {meeting_id, token_ids} or {meeting_id, all: true} */
struct audience_revoke_args {
    std::int64_t meeting_id = 0;
    std::vector<std::int64_t> token_ids;  ///< 1..500 ids; empty when `all`
    bool all = false;
};
/** Decodes the args of `audience.revoke`: exactly one of token_ids and all (true). */
audience_revoke_args decode_audience_revoke(const boost::json::object& args);

}  // namespace traffpunkt::protocol
