// handler = exec:<command line> : a program per call, the handler request on its stdin, the reply
// on its stdout, exit status 0. Killed — with everything it started — at the timeout.
#include "handler/exec.h"

#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#if defined(_WIN32)
#include <windows.h>
#else
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
extern char** environ;
#endif

namespace onetrans::handler {
namespace {

constexpr std::size_t kMaxReply = 64u << 20;   // a reply larger than this is not a handler's
constexpr std::size_t kMaxStderr = 4096;       // kept for the failure message

class ExecHandler final : public Handler {
 public:
  explicit ExecHandler(std::string command) : command_(std::move(command)) {}
  Result<Reply> Call(const std::string& request, std::chrono::milliseconds timeout, Failure* failure) override;
  std::string Describe() const override { return "exec " + command_.substr(0, command_.find(' ')); }

 private:
  std::string command_;
};

Status Fail(Failure* failure, std::string why, bool timedOut = false) {
  failure->timedOut = timedOut;
  failure->why = why;
  return Status::Fail(rc::kInternal, std::move(why));
}

#if defined(_WIN32)
Result<Reply> ExecHandler::Call(const std::string& request, std::chrono::milliseconds timeout, Failure* failure) {
  auto fail = [&](std::string why, bool timedOut = false) { return Fail(failure, std::move(why), timedOut); };
  SECURITY_ATTRIBUTES sa{sizeof sa, nullptr, TRUE};
  HANDLE inRead = nullptr, inWrite = nullptr, outRead = nullptr, outWrite = nullptr;
  if (!CreatePipe(&inRead, &inWrite, &sa, 0) || !CreatePipe(&outRead, &outWrite, &sa, 0)) return fail("无法创建管道");
  SetHandleInformation(inWrite, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(outRead, HANDLE_FLAG_INHERIT, 0);
  // A job object: killing it kills whatever the program started as well.
  HANDLE job = CreateJobObjectA(nullptr, nullptr);
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
  STARTUPINFOA si{};
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = inRead;
  si.hStdOutput = outWrite;
  si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION pi{};
  std::string cmd = command_;
  BOOL started = CreateProcessA(nullptr, cmd.data(), nullptr, nullptr, TRUE, CREATE_NO_WINDOW | CREATE_SUSPENDED, nullptr,
                                nullptr, &si, &pi);
  CloseHandle(inRead);
  CloseHandle(outWrite);
  if (!started) {
    CloseHandle(inWrite);
    CloseHandle(outRead);
    CloseHandle(job);
    return fail("无法启动处理程序：" + command_);
  }
  AssignProcessToJobObject(job, pi.hProcess);
  ResumeThread(pi.hThread);
  CloseHandle(pi.hThread);
  std::thread writer([inWrite, &request] {
    DWORD n = 0;
    WriteFile(inWrite, request.data(), static_cast<DWORD>(request.size()), &n, nullptr);
    CloseHandle(inWrite);
  });
  std::string out;
  bool tooBig = false;
  std::thread reader([outRead, &out, &tooBig] {
    char buf[65536];
    DWORD n = 0;
    while (ReadFile(outRead, buf, sizeof buf, &n, nullptr) && n > 0) {
      if (out.size() + n > kMaxReply) {
        tooBig = true;
        break;
      }
      out.append(buf, n);
    }
  });
  DWORD waited = WaitForSingleObject(pi.hProcess, static_cast<DWORD>(timeout.count()));
  if (waited != WAIT_OBJECT_0 || tooBig) TerminateJobObject(job, 1);
  WaitForSingleObject(pi.hProcess, INFINITE);
  DWORD exitCode = 1;
  GetExitCodeProcess(pi.hProcess, &exitCode);
  writer.join();
  reader.join();
  CloseHandle(outRead);
  CloseHandle(pi.hProcess);
  CloseHandle(job);
  if (waited != WAIT_OBJECT_0) return fail("处理程序超时，已终止", true);
  if (tooBig) return fail("处理程序的输出超过上限");
  if (exitCode != 0) return fail("处理程序退出码 " + std::to_string(exitCode));
  return Reply{std::move(out)};
}
#else
Result<Reply> ExecHandler::Call(const std::string& request, std::chrono::milliseconds timeout, Failure* failure) {
  auto fail = [&](std::string why, bool timedOut = false) { return Fail(failure, std::move(why), timedOut); };
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) return fail("无法创建管道");
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]), close(in[1]);
    return fail("无法创建管道");
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    return fail("无法创建管道");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so the timeout kills what the command line started, too.
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  const char* argv[] = {"/bin/sh", "-c", command_.c_str(), nullptr};
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (spawned != 0) {
    close(in[1]), close(out[0]), close(err[0]);
    return fail(std::string("无法启动处理程序：") + std::strerror(spawned));
  }
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  std::string reply, stderrText;
  std::size_t written = 0;
  bool tooBig = false, timedOut = false;
  int inFd = in[1], outFd = out[0], errFd = err[0];
  if (request.empty()) close(inFd), inFd = -1;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (outFd >= 0 || errFd >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timedOut = true;
      break;
    }
    pollfd fds[3];
    int n = 0;
    if (inFd >= 0) fds[n++] = {inFd, POLLOUT, 0};
    if (outFd >= 0) fds[n++] = {outFd, POLLIN, 0};
    if (errFd >= 0) fds[n++] = {errFd, POLLIN, 0};
    int r = poll(fds, static_cast<nfds_t>(n), static_cast<int>(left));
    if (r < 0 && errno != EINTR) break;
    for (int i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == inFd) {
        ssize_t w = write(inFd, request.data() + written, request.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 && errno != EAGAIN) written = request.size();  // it stopped reading: fine
        if (written == request.size()) close(inFd), inFd = -1;
        continue;
      }
      char buf[65536];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got <= 0) {
        if (got < 0 && errno == EINTR) continue;
        if (fds[i].fd == outFd) close(outFd), outFd = -1;
        else close(errFd), errFd = -1;
        continue;
      }
      if (fds[i].fd == outFd) {
        if (reply.size() + static_cast<std::size_t>(got) > kMaxReply) {
          tooBig = true;
          break;
        }
        reply.append(buf, static_cast<std::size_t>(got));
      } else if (stderrText.size() < kMaxStderr) {
        stderrText.append(buf, static_cast<std::size_t>(got));
      }
    }
    if (tooBig) break;
  }
  if (timedOut || tooBig) kill(-pid, SIGKILL);
  for (int fd : {inFd, outFd, errFd})
    if (fd >= 0) close(fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timedOut) return fail("处理程序超时（" + std::to_string(timeout.count()) + " 毫秒），已终止", true);
  if (tooBig) return fail("处理程序的输出超过上限，已终止");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string why = WIFEXITED(status) ? "处理程序退出码 " + std::to_string(WEXITSTATUS(status))
                                        : "处理程序被信号 " + std::to_string(WTERMSIG(status)) + " 终止";
    if (!stderrText.empty()) why += "：" + stderrText.substr(0, 200);
    return fail(why);
  }
  return Reply{std::move(reply)};
}
#endif

}  // namespace

std::unique_ptr<Handler> MakeExecHandler(const std::string& commandLine) { return std::make_unique<ExecHandler>(commandLine); }

}  // namespace onetrans::handler
