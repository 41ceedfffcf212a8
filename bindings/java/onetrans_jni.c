/* JNI glue: byte[] (UTF-8) in, byte[] out, OneTransException on a non-zero return code. */
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
