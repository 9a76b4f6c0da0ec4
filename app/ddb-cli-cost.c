/* placeholder until the price catalog lands */
#include "config.h"
#include "ddb-cli-calc.h"
int
ddb_cli_calc_cost (int argc, char **argv)
{
  return ddb_cli_usage_error ("calc cost", "not yet");
}
