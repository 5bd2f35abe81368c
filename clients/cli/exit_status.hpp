#pragma once

namespace traffpunkt::cli {

/** Exit statuses of traffpunkt-cli; scripts rely on them. */
enum exit_status : int {
    exit_ok = 0,
    exit_error_answer = 1,
    exit_usage = 2,
    exit_connection = 3,
};

}  // namespace traffpunkt::cli
