"""A real Moodle 4.5 for the end-to-end tests (marker ``moodle``; no tests in this file).

``../shared/moodle/install.sh DIR PORT`` installs Moodle 4.5.6 on the local PostgreSQL and
serves it with ``php -S``. Everything the test does not do in the browser (users, a course,
reading the gradebook back) goes through Moodle's own PHP API on the command line.

Environment:
- ``MOODLE_E2E_URL`` + ``MOODLE_E2E_DIR``: use a Moodle that already runs (its wwwroot and
  the folder holding ``moodle/config.php``); nothing is installed, started or stopped.
- ``MOODLE_E2E_DIR`` alone: install into (or restart) that folder, on ``MOODLE_E2E_PORT``
  (default 8089); it stays for the next run, so only the first run pays for the install.
- neither: install into a fresh folder of the test run on a free port; the server and its
  database are removed at the end of the session.
- ``MOODLE_E2E_REQUIRED=1`` (CI): fail instead of skip when Moodle cannot run here.

``python -m tests.moodle_support`` exits 0 when the Moodle test can run, else prints why not.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lti_tool.settings import PROJECT_ROOT

SHARED = Path(os.environ.get("MOODLE_E2E_SHARED", PROJECT_ROOT.parent / "shared" / "moodle"))
INSTALL_SCRIPT = SHARED / "install.sh"
ADMIN_USER, ADMIN_PASSWORD = "admin", "Moodle#Admin1"
PASSWORD = "Moodle#E2e-2025"
DEFAULT_KEPT_PORT = 8089


def registration_url(app, settings) -> str:
    """The address the admin pastes into Moodle's *Tool URL* box: a one-time registration
    link the operator made (``lti-tool registrations invite``), ``{BASE_URL}/lti/register/<token>``."""
    from tests.registration_support import registration_link

    return registration_link(app, settings, "moodle-e2e", name="Moodle e2e")


def _php_has_pgsql() -> bool:
    if shutil.which("php") is None:
        return False
    modules = subprocess.run(["php", "-m"], capture_output=True, text=True, check=False).stdout
    return "pgsql" in modules.lower()


def moodle_unavailable() -> str | None:
    """Why the Moodle test cannot run on this machine, or None when it can."""
    if os.environ.get("MOODLE_E2E_URL"):
        return None if os.environ.get("MOODLE_E2E_DIR") else "MOODLE_E2E_URL needs MOODLE_E2E_DIR too"
    if not INSTALL_SCRIPT.exists():
        return f"{INSTALL_SCRIPT} not found"
    if not Path("/usr/bin/chromium").exists() and not os.environ.get("CHROMIUM_PATH"):
        return "Chromium not found at /usr/bin/chromium"
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False).returncode:
        return "PostgreSQL not reachable on 127.0.0.1:5432 (Moodle's database)"
    if _php_has_pgsql():
        return None
    if os.geteuid() == 0 and shutil.which("apt-get"):
        return None  # install.sh installs PHP 8.2 from Debian
    return "PHP with pgsql is missing and cannot be installed here (needs root and apt-get)"


@dataclass
class Moodle:
    url: str
    dir: Path
    port: int | None = None  # set when this session started the server
    drop_database: bool = False

    @property
    def config_php(self) -> Path:
        return self.dir / "moodle" / "config.php"

    def php(self, code: str, data: Any = None) -> Any:
        """Run ``code`` inside Moodle as a CLI script; ``$in`` holds ``data``; the code's
        last output line is JSON and is returned decoded."""
        config = str(self.config_php).replace("\\", "\\\\").replace("'", "\\'")
        script = (f"define('CLI_SCRIPT', true); require '{config}'; $CFG->noemailever = true; "
                  f"$in = json_decode(stream_get_contents(STDIN), true); {code}")
        done = subprocess.run(["php", "-r", script], input=json.dumps(data), capture_output=True,
                              text=True, timeout=120, check=False)
        lines = done.stdout.strip().splitlines()
        if done.returncode or not lines:
            raise RuntimeError(f"Moodle PHP failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return json.loads(lines[-1])

    def prepare_site(self) -> None:
        """No first-visit user tours over the pages, and no mail to the example addresses."""
        self.php("$DB->set_field('tool_usertours_tours', 'enabled', 0); "
                 "\\tool_usertours\\cache::notify_tour_change(); set_config('noemailever', 1); "
                 "echo json_encode(true);")

    def delete_tools(self, tool_base_url: str) -> int:
        """Remove the tools registered from ``tool_base_url`` (a reused Moodle stays tidy:
        its course tools list pages by ten)."""
        return self.php("require_once($CFG->dirroot . '/mod/lti/locallib.php'); $n = 0; "
                        "foreach ($DB->get_records_select('lti_types', $DB->sql_like('baseurl', '?'), "
                        "[$in . '/%']) as $type) { lti_delete_type($type->id); $n++; } echo json_encode($n);",
                        tool_base_url)

    def stop(self) -> None:
        """Stop a server this session started (the whole process group: php -S forks workers)."""
        if self.port is None:
            return
        pid_file = self.dir / "logs" / "server.pid"
        if pid_file.exists():
            try:
                os.killpg(int(pid_file.read_text().strip()), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass
        if self.drop_database:
            subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c",
                            f"DROP DATABASE IF EXISTS moodle_e2e_{self.port} WITH (FORCE)"],
                           capture_output=True, check=False)


def start_moodle(folder: Path, port: int, *, temporary: bool) -> Moodle:
    """``install.sh`` (idempotent: installs once, then only restarts the server)."""
    done = subprocess.run(["bash", str(INSTALL_SCRIPT), str(folder), str(port)], capture_output=True,
                          text=True, timeout=900, check=False)
    if done.returncode:
        raise RuntimeError(f"install.sh failed ({done.returncode}):\n"
                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return Moodle(url=f"http://127.0.0.1:{port}", dir=folder, port=port, drop_database=temporary)


@dataclass(frozen=True)
class Person:
    username: str
    firstname: str
    lastname: str
    role: str  # Moodle role shortname in the course
    id: int = 0

    @property
    def fullname(self) -> str:
        return f"{self.firstname} {self.lastname}"


@dataclass(frozen=True)
class MoodleCourse:
    id: int
    shortname: str
    people: dict[str, Person]


CREATE_COURSE = r"""
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->dirroot . '/course/lib.php');
$course = create_course((object) ['fullname' => $in['fullname'], 'shortname' => $in['shortname'],
    'category' => core_course_category::get_default()->id]);
$manual = enrol_get_plugin('manual');
$instance = $DB->get_record('enrol', ['courseid' => $course->id, 'enrol' => 'manual'], '*', MUST_EXIST);
$ids = [];
foreach ($in['people'] as $p) {
    $id = user_create_user(['username' => $p['username'], 'password' => $in['password'],
        'firstname' => $p['firstname'], 'lastname' => $p['lastname'],
        'email' => $p['username'] . '@example.com',
        'auth' => 'manual', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id]);
    $role = $DB->get_field('role', 'id', ['shortname' => $p['role']], MUST_EXIST);
    $manual->enrol_user($instance, $id, $role);
    $ids[$p['username']] = (int) $id;
}
echo json_encode(['course' => (int) $course->id, 'ids' => $ids]);
"""


def create_course(moodle: Moodle, shortname: str, fullname: str, people: list[Person]) -> MoodleCourse:
    """A course with these people enrolled (manual enrolment), through Moodle's PHP API."""
    made = moodle.php(CREATE_COURSE, {
        "shortname": shortname, "fullname": fullname, "password": PASSWORD,
        "people": [{"username": p.username, "firstname": p.firstname, "lastname": p.lastname,
                    "role": p.role} for p in people]})
    enrolled = {p.username: Person(p.username, p.firstname, p.lastname, p.role, made["ids"][p.username])
                for p in people}
    return MoodleCourse(made["course"], shortname, enrolled)


READ_GRADEBOOK = r"""
require_once($CFG->libdir . '/gradelib.php');
$columns = [];
foreach ($DB->get_records('lti', ['course' => $in['course']], 'id') as $lti) {
    $grades = grade_get_grades($in['course'], 'mod', 'lti', $lti->id, $in['users']);
    $item = reset($grades->items);
    $values = [];
    foreach ($in['users'] as $userid) {
        $grade = $item ? $item->grades[$userid]->grade : null;
        $values[(string) $userid] = $grade === null ? null : (float) $grade;
    }
    $history = $DB->get_records_sql(
        "SELECT h.id, h.userid, h.finalgrade, h.source FROM {grade_grades_history} h
           JOIN {grade_items} gi ON gi.id = h.itemid
          WHERE gi.itemtype = 'mod' AND gi.itemmodule = 'lti' AND gi.iteminstance = ? ORDER BY h.id",
        [$lti->id]);
    $columns[] = ['instance' => (int) $lti->id, 'name' => $lti->name,
        'grademax' => $item ? (float) $item->grademax : null,
        'resource_id' => $DB->get_field('ltiservice_gradebookservices', 'resourceid',
            ['ltilinkid' => $lti->id]),
        'grades' => $values,
        'history' => array_map(fn($h) => ['user' => (int) $h->userid, 'grade' => $h->finalgrade === null
            ? null : (float) $h->finalgrade, 'source' => $h->source], array_values($history))];
}
echo json_encode($columns);
"""


@dataclass(frozen=True)
class GradeColumn:
    """One LTI activity's gradebook column, as Moodle's grade API reports it."""

    instance: int
    name: str
    grademax: float | None
    resource_id: str | None
    grades: dict[int, float | None]
    history: list[dict]

    def history_of(self, user_id: int) -> list[float | None]:
        """Every value this user's cell has held, oldest first (None: emptied, e.g. "in progress")."""
        return [row["grade"] for row in self.history if row["user"] == user_id]

    def grades_held(self, user_id: int) -> list[float]:
        """The grades this user's cell has shown, oldest first (emptied moments left out)."""
        return [grade for grade in self.history_of(user_id) if grade is not None]


def gradebook(moodle: Moodle, course: MoodleCourse) -> dict[str, GradeColumn]:
    """The course's LTI columns by activity name: grades per user id and each cell's history."""
    users = [person.id for person in course.people.values()]
    columns = moodle.php(READ_GRADEBOOK, {"course": course.id, "users": users})
    return {c["name"]: GradeColumn(c["instance"], c["name"], c["grademax"], c["resource_id"],
                                   {int(k): v for k, v in c["grades"].items()}, c["history"])
            for c in columns}


if __name__ == "__main__":
    reason = moodle_unavailable()
    if reason:
        print(reason)
    sys.exit(1 if reason else 0)
