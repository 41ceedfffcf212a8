/* JNI glue: byte[] (UTF-8) in, byte[] out, OneTransException on a non-zero return code; and the
 * gateway's callback into Java (OnRequest, below). */
#include <jni.h>
#include <stdlib.h>
#include <string.h>

#include "onetrans/onetrans.h"

static char* CopyBytes(JNIEnv* env, jbyteArray bytes) {
  jsize n = (*env)->GetArrayLength(env, bytes);
  char* s = (char*)malloc((size_t)n + 1);
  if (s == NULL) return NULL;
  (*env)->GetByteArrayRegion(env, bytes, 0, n, (jbyte*)s);
  s[n] = '\0';
  return s;
}

static jbyteArray ToBytes(JNIEnv* env, const char* s) {
  jsize n = (jsize)strlen(s);
  jbyteArray out = (*env)->NewByteArray(env, n);
  if (out != NULL) (*env)->SetByteArrayRegion(env, out, 0, n, (const jbyte*)s);
  return out;
}

JNIEXPORT jbyteArray JNICALL Java_com_onetrans_OneTrans_call0(JNIEnv* env, jclass cls, jbyteArray request) {
  (void)cls;
  char* in = request != NULL ? CopyBytes(env, request) : NULL;
  char* out = NULL;
  int rc = OneTrans_Call(in, &out);
  free(in);
  jbyteArray answer = ToBytes(env, out != NULL ? out : "");
  OneTrans_Free(out);
  if (answer == NULL) return NULL; /* OutOfMemoryError pending */
  if (rc != 0) {
    jclass ex = (*env)->FindClass(env, "com/onetrans/OneTransException");
    jmethodID ctor = ex != NULL ? (*env)->GetMethodID(env, ex, "<init>", "(I[B)V") : NULL;
    jobject e = ctor != NULL ? (*env)->NewObject(env, ex, ctor, (jint)rc, answer) : NULL;
    if (e != NULL) (*env)->Throw(env, (jthrowable)e);
    return NULL;
  }
  return answer;
}

JNIEXPORT jint JNICALL Java_com_onetrans_OneTrans_init0(JNIEnv* env, jclass cls, jbyteArray config) {
  (void)cls;
  char* c = CopyBytes(env, config);
  int rc = OneTrans_Init(c);
  free(c);
  return rc;
}

JNIEXPORT jstring JNICALL Java_com_onetrans_OneTrans_version0(JNIEnv* env, jclass cls) {
  (void)cls;
  return (*env)->NewStringUTF(env, OneTrans_Version()); /* ASCII: modified UTF-8 is safe here */
}

/* ---- Inbound (1.1) ------------------------------------------------------------------------- */

/* The text the library allocated, into out[0] (when it gave one), then freed. */
static jint Hand(JNIEnv* env, int rc, char* text, jobjectArray out) {
  jbyteArray bytes = text != NULL ? ToBytes(env, text) : NULL;
  OneTrans_Free(text);
  if (bytes != NULL) {
    (*env)->SetObjectArrayElement(env, out, 0, bytes);
    (*env)->DeleteLocalRef(env, bytes);
  }
  return (*env)->ExceptionCheck(env) ? ONETRANS_E_INTERNAL : rc;
}

JNIEXPORT jint JNICALL Java_com_onetrans_OneTrans_inboundOpen0(JNIEnv* env, jclass cls, jbyteArray route, jbyteArray body,
                                                               jobjectArray out) {
  (void)cls;
  char* r = CopyBytes(env, route);
  char* b = CopyBytes(env, body);
  char* text = NULL;
  int rc = r != NULL && b != NULL ? OneTrans_InboundOpen(r, b, &text) : ONETRANS_E_INTERNAL;
  free(r);
  free(b);
  return Hand(env, rc, text, out);
}

JNIEXPORT jint JNICALL Java_com_onetrans_OneTrans_inboundSeal0(JNIEnv* env, jclass cls, jbyteArray request, jbyteArray reply,
                                                               jobjectArray out) {
  (void)cls;
  char* q = CopyBytes(env, request);
  char* r = reply != NULL ? CopyBytes(env, reply) : NULL;  /* NULL: the HIS failed */
  char* text = NULL;
  int rc = q != NULL && (reply == NULL || r != NULL) ? OneTrans_InboundSeal(q, r, &text) : ONETRANS_E_INTERNAL;
  free(q);
  free(r);
  return Hand(env, rc, text, out);
}

/* What the gateway's threads need, set by the first start and kept for the process's life: the
 * class is a global reference (a local one dies with the call that made it) and the handler
 * itself stays in a Java static field, so nothing native is freed under a late call. */
static JavaVM* g_vm;
static jclass g_gateway;
static jmethodID g_dispatch;

/* Called by the gateway on its own threads, several at once. A JNIEnv belongs to one thread:
 * each call gets its own, attaching the thread (as a daemon, so a stuck call never holds the JVM
 * open) when Java does not know it yet, and detaching it again after. */
static void ONETRANS_CALL OnRequest(void* user, const char* request, void* reply) {
  JNIEnv* env = NULL;
  int attached = 0;
  (void)user;
  jint got = (*g_vm)->GetEnv(g_vm, (void**)&env, JNI_VERSION_1_6);
  if (got == JNI_EDETACHED) {
    JavaVMAttachArgs args = {JNI_VERSION_1_6, (char*)"onetrans-gateway", NULL};
    if ((*g_vm)->AttachCurrentThreadAsDaemon(g_vm, (void**)&env, &args) != JNI_OK) return;
    attached = 1;
  } else if (got != JNI_OK) {
    return;
  }
  jbyteArray in = ToBytes(env, request);
  jbyteArray answer = in != NULL ? (jbyteArray)(*env)->CallStaticObjectMethod(env, g_gateway, g_dispatch, in) : NULL;
  /* dispatch catches the handler's exceptions; what is left (out of memory) must not stay
   * pending on this thread, nor travel into the gateway: no reply. */
  if ((*env)->ExceptionCheck(env)) {
    (*env)->ExceptionClear(env);
    answer = NULL;
  }
  if (answer != NULL) {
    char* json = CopyBytes(env, answer);
    if (json != NULL) OneTrans_Reply(reply, json);
    free(json);
    (*env)->DeleteLocalRef(env, answer);
  }
  if (in != NULL) (*env)->DeleteLocalRef(env, in);  /* an attached thread never returns to Java to drop them */
  if ((*env)->ExceptionCheck(env)) (*env)->ExceptionClear(env);
  if (attached) (*g_vm)->DetachCurrentThread(g_vm);
}

JNIEXPORT jint JNICALL Java_com_onetrans_OneTransGateway_start0(JNIEnv* env, jclass cls, jbyteArray config, jobjectArray error) {
  if (g_gateway == NULL) { /* OneTransGateway.start is synchronized: no other thread here */
    if ((*env)->GetJavaVM(env, &g_vm) != JNI_OK) return ONETRANS_E_INTERNAL;
    g_dispatch = (*env)->GetStaticMethodID(env, cls, "dispatch", "([B)[B");
    if (g_dispatch == NULL) return ONETRANS_E_INTERNAL; /* NoSuchMethodError pending */
    g_gateway = (jclass)(*env)->NewGlobalRef(env, cls);
    if (g_gateway == NULL) return ONETRANS_E_INTERNAL;
  }
  char* c = config != NULL ? CopyBytes(env, config) : NULL; /* NULL: the current configuration */
  if (config != NULL && c == NULL) return ONETRANS_E_INTERNAL;
  int rc = OneTrans_GatewayStart(c, OnRequest, NULL);
  free(c);
  if (rc != 0) {
    /* LastError is per thread: read here, on the thread that failed. */
    jbyteArray why = ToBytes(env, OneTrans_LastError());
    if (why != NULL) (*env)->SetObjectArrayElement(env, error, 0, why);
  }
  return rc;
}

JNIEXPORT jstring JNICALL Java_com_onetrans_OneTransGateway_address0(JNIEnv* env, jclass cls) {
  (void)cls;
  return (*env)->NewStringUTF(env, OneTrans_GatewayAddress()); /* ASCII */
}

JNIEXPORT void JNICALL Java_com_onetrans_OneTransGateway_stop0(JNIEnv* env, jclass cls) {
  (void)env;
  (void)cls;
  OneTrans_GatewayStop();
}
