"""The embedded broker for one machine: kombu's filesystem transport, made safe to share.

kombu writes a message file in place, so a worker polling the folder can move and read it before
the web process has finished writing it; the worker then sees an empty message and the job waits
for the sweeper. Writing to a temporary name and renaming it (atomic on POSIX) means a consumer
only ever sees whole messages.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue: str, payload: dict[str, Any], **kwargs: Any) -> None:  # type: ignore[override]
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + ".part"  # not "<queue>.msg": consumers skip it
        try:
            with open(partial, "wb") as fh:
                fh.write(str_to_bytes(dumps(payload)))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class FilesystemTransport(filesystem.Transport):
    Channel = Channel

    @property
    def default_connection_params(self) -> dict[str, Any]:
        """No host to fall back to: folders have none (kombu would warn on every connection
        that it is "reverting to localhost")."""
        return {"port": self.default_port}
