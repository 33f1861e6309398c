// The fork server: a small Perl process that starts the node's helper processes (runc, the shims, ip, the CNI
// plugins) for the server, and makes the few system calls the node needs on the host (mount, umount2, mkfifo,
// unshare: hostcalls.ts) itself, without a process for each. Perl because the fork is the cost: a process that forks copies its page
// tables, and afterwards every page either side writes faults once. In system-wide profiles of 30 pods
// starting at once, a spawn from the Node helper (40+ MB, its heap written all the time) cost about 1.2 ms of
// CPU between the helper and the child before its exec; from this one (5 MB, idle between requests) 0.7 ms.
// A pod needs about six. perl-base is Essential in Debian, so it is on every machine the runc runtime runs on.
//
// Wire format, both ways: a frame is a netstring (`<bytes>:<payload>,`) whose payload is a list of netstrings.
//   requests (stdin):  run <id> <file> <cwd> <maxBuffer> <stdin> <envCount|-1> <K=V>... <arg>...
//                      term <id>                          (a run's timeout: SIGTERM; the clock is the server's)
//                      hs <id> <file> <arg>...            (the handshake: setsid, wait for "ready\n")
//                      go <id> | kill <id>
//                      sys <id> mount <nr> <flags> <source> <target> <fstype> <data>   (made here, no process)
//                      sys <id> umount <nr> <flags> <target>... | sys <id> mkfifo <octal mode> <path>...
//                      ns <id> <nr unshare> <nr sethostname> <nr mount> <flags> <hostname> (<kind> <file>)...
//                                                         (a forked child enters new namespaces and pins them)
//   replies (stdout):  done <id> <code> <signal> <stdout> <stderr> <error>
//                      ready <id> <pid> | failed <id> <message>
// It exits when its stdin closes (the server is gone); what it started lives on.

export const FORK_SERVER = String.raw`
use strict; use warnings;
use POSIX ();
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);
use IO::Select;
use Errno ();
$0 = 'k8ts-spawner';
$SIG{PIPE} = 'IGNORE';
binmode STDIN; binmode STDOUT;

sub nonblock { my $fh = shift; fcntl($fh, F_SETFL, fcntl($fh, F_GETFL, 0) | O_NONBLOCK) }
sub ns { join '', map { length($_) . ':' . $_ . ',' } @_ }
sub fields {
  my ($s, @f) = (shift);
  while (length $s) {
    $s =~ s/^(\d+):// or die "bad frame\n";
    push @f, substr($s, 0, $1, '');
    substr($s, 0, 1, '');
  }
  return @f;
}
sub reply {
  my $frame = ns(ns(@_));
  while (length $frame) {
    my $n = syswrite(STDOUT, $frame);
    if (!defined $n) { next if $!{EINTR} || $!{EAGAIN}; exit 0 }
    substr($frame, 0, $n, '');
  }
}

# SIGCHLD wakes the select through a pipe: a signal between two selects is not lost
pipe(my $wake_r, my $wake_w) or die "pipe: $!";
nonblock($wake_r); nonblock($wake_w);
$SIG{CHLD} = sub { syswrite($wake_w, 'x') };

my $reads = IO::Select->new(\*STDIN, $wake_r);
my $writes = IO::Select->new();
my (%readers, %writers, %jobs, %bypid);
my $inbuf = '';
my $reap = 0;

# fork and exec; the child's errno comes back through a close-on-exec pipe, so a missing program is told
# from one that ran and failed
sub start {
  my ($file, $args, %o) = @_;
  pipe(my $st_r, my $st_w) or return (undef, "pipe: $!");
  my $pid = fork();
  return (undef, "fork: $!") unless defined $pid;
  if ($pid == 0) {
    close $st_r;
    $SIG{PIPE} = 'DEFAULT';
    POSIX::setsid() if $o{detach};
    open(STDIN, '<&', $o{stdin}) or POSIX::_exit(127);
    open(STDOUT, '>&', $o{stdout}) or POSIX::_exit(127);
    open(STDERR, '>&', $o{stderr}) or POSIX::_exit(127);
    if ($o{cwd} ne '' && !chdir $o{cwd}) { syswrite($st_w, ($! + 0) . ''); POSIX::_exit(127) }
    %ENV = %{$o{env}} if $o{env};
    $o{code}->() if $o{code};
    { no warnings 'exec'; exec { $file } $file, @$args; }
    syswrite($st_w, ($! + 0) . '');
    POSIX::_exit(127);
  }
  close $st_w;
  # code run in the child (no exec) reports through its exit code and stderr: waiting here for it to finish
  # would make the children of 30 pods starting at once take turns
  if ($o{code}) { close $st_r; return ($pid, undef) }
  my $errno = '';
  1 while !defined sysread($st_r, $errno, 16) && $!{EINTR};
  close $st_r;
  return ($pid, undef) if $errno eq '';
  waitpid($pid, 0);
  local $! = $errno + 0;
  my ($name) = grep { $!{$_} } keys %!;
  return (undef, "spawn $file " . ($name // "errno $errno"));
}

sub watch_read { my ($fh, $job, $key) = @_; nonblock($fh); $readers{fileno $fh} = [$fh, $job, $key]; $reads->add($fh) }
sub unwatch_read { my $fh = shift; delete $readers{fileno $fh}; $reads->remove($fh); close $fh }

sub run_job {
  my ($id, $file, $cwd, $max, $stdin, $envc, @rest) = @_;
  my $env;
  if ($envc >= 0) { $env = { map { split /=/, $_, 2 } splice(@rest, 0, $envc) } }
  pipe(my $in_r, my $in_w) or return reply('done', $id, 1, '', '', "pipe: $!", "pipe: $!");
  pipe(my $out_r, my $out_w) or return reply('done', $id, 1, '', '', "pipe: $!", "pipe: $!");
  pipe(my $err_r, my $err_w) or return reply('done', $id, 1, '', '', "pipe: $!", "pipe: $!");
  my ($pid, $err) = start($file, \@rest, stdin => $in_r, stdout => $out_w, stderr => $err_w, cwd => $cwd, env => $env);
  close $in_r; close $out_w; close $err_w;
  if (!defined $pid) { close $in_w; close $out_r; close $err_r; return reply('done', $id, 1, '', '', $err, $err) }
  my $job = { id => $id, kind => 'run', pid => $pid, out => '', err => '', open => 2, max => $max + 0 };
  $jobs{$id} = $job; $bypid{$pid} = $job;
  watch_read($out_r, $job, 'out'); watch_read($err_r, $job, 'err');
  if (length $stdin) { nonblock($in_w); $writers{fileno $in_w} = [$in_w, $stdin]; $writes->add($in_w) }
  else { close $in_w }
}

sub handshake_job {
  my ($id, $file, @args) = @_;
  pipe(my $in_r, my $in_w) or return reply('failed', $id, "pipe: $!");
  pipe(my $out_r, my $out_w) or return reply('failed', $id, "pipe: $!");
  open(my $null, '>', '/dev/null') or return reply('failed', $id, "/dev/null: $!");
  my ($pid, $err) = start($file, \@args, stdin => $in_r, stdout => $out_w, stderr => $null, cwd => '', detach => 1);
  close $in_r; close $out_w; close $null;
  if (!defined $pid) { close $in_w; close $out_r; return reply('failed', $id, $err) }
  my $job = { id => $id, kind => 'hs', file => $file, pid => $pid, buf => '', in => $in_w };
  $jobs{$id} = $job; $bypid{$pid} = $job;
  watch_read($out_r, $job, 'hs');
}

# System calls made here, not by a program started for them: mount(8) or unshare(1) cost an exec (and
# mount(8) its libraries) for one call. The caller passes this machine's syscall numbers; numbers go to
# syscall() as numbers, strings as pointers (0 is NULL).
sub sys_job {
  my ($id, $call, @a) = @_;
  my @err;
  if ($call eq 'mount') {
    my ($nr, $flags, $src, $target, $type, $data) = @a;
    syscall($nr + 0, $src, $target, $type, $flags + 0, length $data ? $data : 0) == 0
      or push @err, "mount: $target: $!";
  } elsif ($call eq 'umount') {
    my ($nr, $flags, @targets) = @a;
    for my $t (@targets) { syscall($nr + 0, $t, $flags + 0) == 0 or push @err, "umount: $t: $!" }
  } elsif ($call eq 'mkfifo') {
    my ($mode, @paths) = @a;
    for my $f (@paths) { POSIX::mkfifo($f, oct $mode) or push @err, "mkfifo: cannot create fifo '$f': $!" }
  } else { push @err, "unknown call $call" }
  reply('done', $id, @err ? 32 : 0, '', '', join("\n", @err), '');
}

# A child that enters new namespaces, names its host and bind-mounts each namespace onto its file (what
# unshare --net=FILE --uts=FILE hostname NAME does), then exits: the files hold the namespaces.
# Exit 103: the hostname could not be set; 1: anything else, the message names the file.
sub ns_job {
  my ($id, $nr_unshare, $nr_sethostname, $nr_mount, $flags, $hostname, @pins) = @_;
  my $code = sub {
    my $fail = sub { print STDERR $_[0]; POSIX::_exit($_[1]) };
    syscall($nr_unshare + 0, $flags + 0) == 0 or $fail->("unshare failed: $!", 1);
    if (length $hostname) {
      syscall($nr_sethostname + 0, $hostname, length($hostname) + 0) == 0 or $fail->("hostname: $!", 103);
    }
    while (my ($kind, $file) = splice(@pins, 0, 2)) {
      syscall($nr_mount + 0, "/proc/self/ns/$kind", $file, 0, 4096, 0) == 0   # MS_BIND
        or $fail->("mount /proc/self/ns/$kind on $file failed: $!", 1);
    }
    POSIX::_exit(0);
  };
  run_code($id, $code);
}

sub run_code {
  my ($id, $code) = @_;
  pipe(my $out_r, my $out_w) or return reply('done', $id, 1, '', '', "pipe: $!", "pipe: $!");
  pipe(my $err_r, my $err_w) or return reply('done', $id, 1, '', '', "pipe: $!", "pipe: $!");
  open(my $null, '<', '/dev/null') or return reply('done', $id, 1, '', '', "/dev/null: $!", "/dev/null: $!");
  my ($pid, $err) = start('', [], stdin => $null, stdout => $out_w, stderr => $err_w, cwd => '', code => $code);
  close $null; close $out_w; close $err_w;
  if (!defined $pid) { close $out_r; close $err_r; return reply('done', $id, 1, '', '', $err, $err) }
  my $job = { id => $id, kind => 'run', pid => $pid, out => '', err => '', open => 2, max => 65536 };
  $jobs{$id} = $job; $bypid{$pid} = $job;
  watch_read($out_r, $job, 'out'); watch_read($err_r, $job, 'err');
}

sub finish_run {
  my $job = shift;
  return unless $job->{open} == 0 && defined $job->{status};
  my $st = $job->{status};
  my ($code, $sig) = (1, '');
  if (POSIX::WIFEXITED($st)) { $code = POSIX::WEXITSTATUS($st) }
  elsif (POSIX::WIFSIGNALED($st)) { my $n = POSIX::WTERMSIG($st); $sig = { 1 => 'SIGHUP', 2 => 'SIGINT', 6 => 'SIGABRT', 9 => 'SIGKILL', 11 => 'SIGSEGV', 13 => 'SIGPIPE', 15 => 'SIGTERM' }->{$n} // "SIG$n" }
  delete $jobs{$job->{id}};
  reply('done', $job->{id}, $code, $sig, $job->{out}, $job->{err}, '');
}

sub request {
  my ($op, $id, @rest) = fields(shift);
  if ($op eq 'run') { run_job($id, @rest) }
  elsif ($op eq 'hs') { handshake_job($id, @rest) }
  elsif ($op eq 'sys') { sys_job($id, @rest) }
  elsif ($op eq 'ns') { ns_job($id, @rest) }
  elsif ($op eq 'term') { my $job = $jobs{$id}; kill 'TERM', $job->{pid} if $job && $job->{kind} eq 'run' }
  elsif ($op eq 'go' || $op eq 'kill') {
    my $job = delete $jobs{$id} or return;
    if ($op eq 'go') { syswrite($job->{in}, "go\n") } else { kill 'KILL', $job->{pid} }
    close $job->{in};
  }
}

while (1) {
  my ($r, $w) = IO::Select->select($reads, $writes->count ? $writes : undef, undef);
  for my $fh (@{$r || []}) {
    if ($fh == $wake_r) { my $b; 1 while sysread($wake_r, $b, 512); $reap = 1; next }
    if (fileno($fh) == fileno(STDIN)) {
      my $n = sysread(STDIN, $inbuf, 65536, length $inbuf);
      next if !defined $n && $!{EINTR};
      exit 0 if !$n;
      while ($inbuf =~ /^(\d+):/ && length($inbuf) >= length($1) + 2 + $1) {
        my $len = $1;
        my $payload = substr($inbuf, length($len) + 1, $len);
        substr($inbuf, 0, length($len) + 2 + $len, '');
        request($payload);
      }
      next;
    }
    my $slot = $readers{fileno $fh} or next;
    my (undef, $job, $key) = @$slot;
    my $n = sysread($fh, my $chunk, 65536);
    next if !defined $n && ($!{EINTR} || $!{EAGAIN});
    if (!$n) {
      unwatch_read($fh);
      if ($key eq 'hs') { $job->{eof} = 1 } else { $job->{open}--; finish_run($job) }
      next;
    }
    if ($key eq 'hs') {
      $job->{buf} .= $chunk;
      if (!$job->{ready} && index($job->{buf}, "ready\n") >= 0) {
        $job->{ready} = 1;
        unwatch_read($fh);
        reply('ready', $job->{id}, $job->{pid});
      }
    } elsif (length($job->{$key}) < $job->{max}) {
      $job->{$key} .= substr($chunk, 0, $job->{max} - length($job->{$key}));
    }
  }
  for my $fh (@{$w || []}) {
    my $slot = $writers{fileno $fh} or next;
    my $n = syswrite($fh, $slot->[1]);
    next if !defined $n && ($!{EINTR} || $!{EAGAIN});
    if (defined $n) { substr($slot->[1], 0, $n, '') }
    if (!defined $n || !length $slot->[1]) { delete $writers{fileno $fh}; $writes->remove($fh); close $fh }
  }
  # only after a SIGCHLD: waitpid(-1) walks all our children (the shims among them) under the kernel's
  # tasklist lock, which every fork and exit on the node takes too
  next unless $reap;
  $reap = 0;
  while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) {
    my $st = $?;
    my $job = delete $bypid{$pid} or next;
    if ($job->{kind} eq 'run') { $job->{status} = $st; finish_run($job) }
    elsif (!$job->{ready}) {
      delete $jobs{$job->{id}};
      close $job->{in};
      my $code = POSIX::WIFEXITED($st) ? POSIX::WEXITSTATUS($st) : 'null';
      reply('failed', $job->{id}, "$job->{file} exited early with $code");
    }
  }
}
`;

/** One netstring per field, the whole as one netstring: a request frame. */
export function encodeFrame(fields: (string | number)[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of fields) {
    const b = Buffer.from(String(f), "utf8");
    parts.push(Buffer.from(`${b.length}:`), b, Buffer.from(","));
  }
  const payload = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(`${payload.length}:`), payload, Buffer.from(",")]);
}

/** Splits whole frames off the front of buf; returns their fields and what is left (a partial frame). */
export function decodeFrames(buf: Buffer): { frames: Buffer[][]; rest: Buffer } {
  const frames: Buffer[][] = [];
  let at = 0;
  for (;;) {
    const colon = buf.indexOf(0x3a, at);
    if (colon < 0) break;
    const len = Number(buf.subarray(at, colon).toString("latin1"));
    if (!Number.isInteger(len) || len < 0) throw new Error("fork server: bad frame");
    if (buf.length < colon + 1 + len + 1) break;
    frames.push(fields(buf.subarray(colon + 1, colon + 1 + len)));
    at = colon + 1 + len + 1;
  }
  return { frames, rest: buf.subarray(at) };
}

function fields(payload: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < payload.length) {
    const colon = payload.indexOf(0x3a, at);
    const len = Number(payload.subarray(at, colon).toString("latin1"));
    if (colon < 0 || !Number.isInteger(len)) throw new Error("fork server: bad field");
    out.push(payload.subarray(colon + 1, colon + 1 + len));
    at = colon + 1 + len + 1;
  }
  return out;
}
